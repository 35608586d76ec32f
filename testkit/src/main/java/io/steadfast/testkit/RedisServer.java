package io.steadfast.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis server for tests: the one named by env {@code STEADFAST_REDIS_URL}, else a {@code
 * redis-server} from PATH started on a free loopback port in a temp dir, without persistence
 * ({@code save ""}, {@code appendonly no}). When neither is possible it throws with a clear
 * message: tests that need Redis fail, in CI ({@code CI=true}) and locally, never skip.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()));
 * }
 * }</pre>
 *
 * <p>A shared external server is not flushed: tests use their own key prefix and delete it.
 */
public final class RedisServer implements AutoCloseable {
  /** Environment variable naming an external server, e.g. {@code redis://127.0.0.1:6379}. */
  public static final String URL_VARIABLE = "STEADFAST_REDIS_URL";

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final int PORT_ATTEMPTS = 8;

  private final String host;
  private final int port;
  private final boolean tls;
  private final List<String> extraArgs;
  private final Path dir;
  private Process process;

  private RedisServer(String host, int port, boolean tls, List<String> extraArgs, Path dir) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.extraArgs = extraArgs;
    this.dir = dir;
  }

  /** The server of {@code STEADFAST_REDIS_URL} if set, else a local one ({@link #startLocal}). */
  public static RedisServer start() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      return new RedisServer(
          uri.getHost(),
          uri.getPort() > 0 ? uri.getPort() : 6379,
          "rediss".equals(uri.getScheme()),
          List.of(),
          null);
    }
    return startLocal();
  }

  /**
   * Starts an own {@code redis-server} process (needed for restarts and server options), with
   * {@code extraArgs} appended to its command line, e.g. {@code "--requirepass", "secret"}.
   */
  public static RedisServer startLocal(String... extraArgs) {
    return startLocal(Ports::free, false, List.of(extraArgs));
  }

  /**
   * Starts an own server that accepts only TLS connections ({@link #uri()} is {@code rediss://}),
   * with the given PEM certificate and key; clients are not asked for certificates.
   */
  public static RedisServer startLocalTls(Path certificatePem, Path keyPem) {
    return startLocal(
        Ports::free,
        true,
        List.of(
            "--tls-cert-file",
            certificatePem.toString(),
            "--tls-key-file",
            keyPem.toString(),
            "--tls-ca-cert-file",
            certificatePem.toString(),
            "--tls-auth-clients",
            "no"));
  }

  /** Starts an own server on a port from {@code ports}, trying another port if it is taken. */
  static RedisServer startLocal(IntSupplier ports, boolean tls, List<String> extraArgs) {
    Path binary =
        findOnPath("redis-server")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No Redis for this test: set "
                            + URL_VARIABLE
                            + " (e.g. redis://127.0.0.1:6379) or put"
                            + " redis-server on PATH (apt-get install redis-server; .ci/run does)."
                            + " Tests that need Redis fail rather than skip"
                            + ("true".equals(System.getenv("CI")) ? " (CI=true)." : ".")));
    IllegalStateException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = ports.getAsInt();
      try {
        Path dir = Files.createTempDirectory("steadfast-redis-" + port + "-");
        RedisServer server = new RedisServer("127.0.0.1", port, tls, List.copyOf(extraArgs), dir);
        server.launch(binary);
        return server;
      } catch (IllegalStateException e) {
        last = e; // most often: the port was taken meanwhile; try another
      } catch (IOException e) {
        throw new IllegalStateException("cannot create a temp dir for redis-server", e);
      }
    }
    throw last;
  }

  /** Host name or address. */
  public String host() {
    return host;
  }

  /** TCP port. */
  public int port() {
    return port;
  }

  /** {@code redis://host:port}, or {@code rediss://} for a TLS server (without credentials). */
  public String uri() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port;
  }

  /** True when this is the external server of {@code STEADFAST_REDIS_URL}. */
  public boolean external() {
    return dir == null;
  }

  /**
   * Stops the local server abruptly (SIGKILL, nothing saved) and starts it again on the same port
   * and dir; returns when it accepts connections. Without persistence every key is gone afterwards.
   */
  public void restart() {
    if (external()) {
      throw new UnsupportedOperationException("cannot restart the external Redis at " + uri());
    }
    stopProcess(true);
    launch(findOnPath("redis-server").orElseThrow());
  }

  /**
   * Stops the local server (SIGTERM) and keeps its port and dir for {@link #resume()}: clients see
   * a server that is down.
   */
  public void stop() {
    if (external()) {
      throw new UnsupportedOperationException("cannot stop the external Redis at " + uri());
    }
    stopProcess(false);
  }

  /**
   * Starts a local server stopped by {@link #stop()} again on the same port and dir; returns when
   * it accepts connections.
   */
  public void resume() {
    if (external()) {
      throw new UnsupportedOperationException("cannot resume the external Redis at " + uri());
    }
    if (process == null) {
      launch(findOnPath("redis-server").orElseThrow());
    }
  }

  /** Stops the local server and deletes its dir; an external server is left alone. */
  @Override
  public void close() {
    if (external()) {
      return;
    }
    stopProcess(false);
    deleteRecursively(dir);
  }

  private void launch(Path binary) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--port",
                tls ? "0" : String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--protected-mode",
                "no"));
    if (tls) {
      command.addAll(List.of("--tls-port", String.valueOf(port)));
    }
    command.addAll(extraArgs);
    Path log = dir.resolve("redis.log");
    // The log is appended to across restarts: only what this launch writes counts.
    int earlierLog = read(log).length();
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port "
                + port
                + " exited with "
                + process.exitValue()
                + ":\n"
                + read(log));
      }
      if (read(log).substring(earlierLog).contains("Ready to accept connections")) {
        LOG.info("redis-server ready on 127.0.0.1:{} (dir {})", port, dir);
        return;
      }
      pause();
    }
    stopProcess(true);
    throw new IllegalStateException(
        "redis-server on port " + port + " did not get ready:\n" + read(log));
  }

  private void stopProcess(boolean kill) {
    if (process == null) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  static Optional<Path> findOnPath(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** A short wait between readiness polls (the launcher has no awaitility). */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}", dir, e);
    }
  }
}
