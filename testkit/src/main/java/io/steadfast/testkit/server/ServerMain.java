package io.steadfast.testkit.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.rocketmq.logging.ch.qos.logback.classic.LoggerContext;
import org.apache.rocketmq.logging.org.slf4j.LoggerFactory;

/**
 * Entry point of a child JVM that runs one RocketMQ server role. It runs only on the bundled server
 * classpath, never in the test JVM.
 *
 * <p>Usage: {@code ServerMain namesrv <listenPort> <dir>}, {@code ServerMain broker <broker.conf>
 * <grpcPort or 0> <advertisedPort>} or {@code ServerMain proxy <namesrvAddr> <cluster> <grpcPort>
 * <dir>} (a CLUSTER-mode proxy). Commands arrive one per line on stdin ({@code <id> <verb>
 * <args...>}); replies and readiness go to stdout as {@link Protocol} lines. Everything else
 * RocketMQ prints goes to stderr. Closing stdin stops the process: the parent's death never leaves
 * an orphan server.
 */
public final class ServerMain {
  /**
   * System property: the servers' inner credentials ({@code {"accessKey":..,"secretKey":..}}); when
   * set, the proxy requires clients to authenticate and uses these towards the brokers.
   */
  public static final String PROXY_INNER_CREDENTIALS = "steadfast.testkit.proxyInnerCredentials";

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    Protocol protocol = new Protocol(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    System.setOut(System.err);
    ServerRole role;
    try {
      role =
          switch (args[0]) {
            case "namesrv" -> NamesrvRole.start(Integer.parseInt(args[1]), Path.of(args[2]));
            case "broker" ->
                BrokerRole.start(
                    Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "proxy" ->
                ProxyRole.start(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
          };
    } catch (Throwable e) {
      e.printStackTrace();
      flushServerLogs();
      protocol.failed(e.toString());
      System.exit(3);
      return;
    }
    protocol.ready(role.readyInfo());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.trim().split(" ");
      String id = parts[0];
      try {
        protocol.ok(id, role.handle(parts));
      } catch (Throwable e) {
        e.printStackTrace();
        protocol.error(id, e.toString());
      }
    }
    // Stdin closed: the parent is gone or asked us to stop. Exit without RocketMQ's slow shutdown;
    // the stores are either thrown away or reopened by a restart that recovers them.
    System.exit(0);
  }

  /**
   * Writes out what RocketMQ's asynchronous log appenders still hold (e.g. a plugin's reason for
   * refusing to start, in broker.log): System.exit drops it, and this process exits at once where
   * mqbroker's slow shutdown would have given the appenders time.
   */
  private static void flushServerLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
