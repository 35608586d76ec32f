package io.steadfast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One broker group of an {@link EmbeddedRocketMQ}: a master (brokerId 0) and, unless the topology
 * is SINGLE, a slave (brokerId 1) under one broker name, each in its own child JVM. Get it with
 * {@link EmbeddedRocketMQ#group(String)} to inject faults into one group while the others serve.
 * Each broker keeps its directory, ports and config across restarts.
 */
public final class BrokerGroup {
  private static final int START_ATTEMPTS = 3;

  /** The address a master behind a link advertises; the link listens there. */
  static final String LINKED_BROKER_IP = "127.0.0.2";

  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

  private final String name;
  private final String clusterName;
  private final String namesrvAddress;
  private final Path dir;
  private final EmbeddedRocketMQ.Builder spec;
  private final ServerSecurity security;
  private BrokerNode master;
  private BrokerNode slave;
  private FaultyLink proxyLink;
  private FaultyLink brokerLink;

  /** One broker's fixed identity: its directory, ports and config survive restarts. */
  private static final class BrokerNode {
    final String role;
    final Path dir;
    final int listenPort;
    final int grpcPort;

    /** The gRPC port clients are told in routes (a link's port when the proxy is behind one). */
    final int advertisedPort;

    final Properties config;
    ChildServer server;

    BrokerNode(
        String role,
        Path dir,
        int listenPort,
        int grpcPort,
        int advertisedPort,
        Properties config) {
      this.role = role;
      this.dir = dir;
      this.listenPort = listenPort;
      this.grpcPort = grpcPort;
      this.advertisedPort = advertisedPort;
      this.config = config;
    }
  }

  private BrokerGroup(
      String name,
      String clusterName,
      String namesrvAddress,
      Path dir,
      EmbeddedRocketMQ.Builder spec,
      ServerSecurity security) {
    this.name = name;
    this.clusterName = clusterName;
    this.namesrvAddress = namesrvAddress;
    this.dir = dir;
    this.spec = spec;
    this.security = security;
  }

  /**
   * Starts the group's master (with a LOCAL-mode proxy in its JVM if {@code localProxy}) and its
   * slave, and returns once both are registered and, with synchronous replication, in sync. On
   * failure the brokers started so far are stopped.
   */
  static BrokerGroup start(
      String name,
      String clusterName,
      String namesrvAddress,
      Path dir,
      EmbeddedRocketMQ.Builder spec,
      ServerSecurity security,
      boolean localProxy) {
    BrokerGroup group = new BrokerGroup(name, clusterName, namesrvAddress, dir, spec, security);
    try {
      group.master = group.startFirstTime("master", masterRole(spec.topology), 0, localProxy);
      if (spec.topology != Topology.SINGLE) {
        group.slave = group.startFirstTime("slave", "SLAVE", 1, false);
        group.awaitReplicasInSync();
      }
      return group;
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
  }

  private static String masterRole(Topology topology) {
    return topology.replicatesSynchronously() ? "SYNC_MASTER" : "ASYNC_MASTER";
  }

  /** The group's broker name, e.g. {@code broker-a}. */
  public String name() {
    return name;
  }

  private BrokerNode startFirstTime(String role, String brokerRole, int brokerId, boolean proxy) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int listenPort = Ports.freeBlock();
      int grpcPort = proxy ? Ports.free() : 0;
      boolean linked = brokerId == 0 && spec.brokerBehindLink;
      FaultyLink link = null;
      FaultyLink remotingLink = null;
      try {
        // The proxy names the broker's advertised host in its routes, with the proxy's port: its
        // link listens there. The broker binds 127.0.0.1 only; its link takes the same port on
        // LINKED_BROKER_IP.
        if (proxy && spec.proxyBehindLink) {
          link =
              linked
                  ? FaultyLink.start(LINKED_BROKER_IP, Ports.free(), "127.0.0.1", grpcPort)
                  : FaultyLink.start("127.0.0.1", grpcPort);
        }
        if (linked) {
          remotingLink = FaultyLink.start(LINKED_BROKER_IP, listenPort, "127.0.0.1", listenPort);
        }
      } catch (UncheckedIOException e) {
        closeLinks(link);
        last = e; // a port is taken on LINKED_BROKER_IP: try other ports
        continue;
      }
      int advertised = link != null ? link.port() : grpcPort;
      Path nodeDir = dir.resolve(role + "-" + attempt);
      BrokerNode node =
          new BrokerNode(
              role,
              nodeDir,
              listenPort,
              grpcPort,
              advertised,
              BrokerConfigs.of(
                  clusterName,
                  name,
                  namesrvAddress,
                  nodeDir,
                  brokerRole,
                  brokerId,
                  listenPort,
                  spec.brokerBehindLink ? LINKED_BROKER_IP : "127.0.0.1",
                  // The slave of a linked group registers LINKED_BROKER_IP too (the local proxy's
                  // routes name every broker's host with the proxy link's port) and is reached
                  // there directly, off the link.
                  spec.brokerBehindLink && !linked ? "0.0.0.0" : "127.0.0.1",
                  spec,
                  security));
      try {
        launch(node);
        proxyLink = link != null ? link : proxyLink;
        brokerLink = remotingLink != null ? remotingLink : brokerLink;
        return node;
      } catch (EmbeddedRocketMQException e) {
        closeLinks(link, remotingLink);
        if (!e.output().contains("BindException")
            && !e.output().contains("Address already in use")) {
          throw e.withBrokerLog(readLog(node));
        }
        last = e;
      }
    }
    throw last;
  }

  private static void closeLinks(FaultyLink... links) {
    for (FaultyLink link : links) {
      if (link != null) {
        link.close();
      }
    }
  }

  private void launch(BrokerNode node) {
    try {
      Files.createDirectories(node.dir);
      Path conf = node.dir.resolve("broker.conf");
      try (Writer out = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
        node.config.store(out, "written by steadfast-testkit");
      }
      node.server =
          ChildServer.start(
              name + "-" + node.role,
              node.dir,
              jvmOptions(),
              spec.brokerClasspath,
              List.of(
                  "broker",
                  conf.toString(),
                  String.valueOf(node.grpcPort),
                  String.valueOf(node.advertisedPort)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of " + name + "'s " + node.role, e);
    }
  }

  private List<String> jvmOptions() {
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    if (!security.tls()) {
      // Loopback clients use plaintext; without this each start generates two self-signed
      // certificates, which took 8 s of a restart on a busy machine.
      options.add("-Dtls.server.mode=disabled");
    }
    options.addAll(security.jvmOptions());
    return options;
  }

  private void awaitReplicasInSync() {
    if (spec.topology.replicatesSynchronously() && slave != null && slave.server.isAlive()) {
      master.server.call("awaitInSync", 2);
    }
  }

  /** Sends a command to the master's JVM (see {@code server.BrokerRole}). */
  String callMaster(String verb, Object... args) {
    return master.server.call(verb, args);
  }

  /**
   * The gRPC endpoint the master's LOCAL-mode proxy advertises, {@code host:port}: the link in
   * front of it, or the proxy itself on 127.0.0.1 (it listens on every local address).
   */
  String advertisedGrpcEndpoint() {
    return proxyLink != null ? proxyLink.address() : "127.0.0.1:" + master.advertisedPort;
  }

  /** The link in front of the master's local proxy, or null. */
  FaultyLink proxyLink() {
    return proxyLink;
  }

  /** The link in front of the master's remoting port, or null. */
  FaultyLink brokerLink() {
    return brokerLink;
  }

  /**
   * Remoting address of the master as the NameServer gives it to clients: {@code 127.0.0.1:<port>},
   * or the link's {@code 127.0.0.2:<port>} when the master is {@linkplain
   * EmbeddedRocketMQ.Builder#brokerBehindLink() behind a link}.
   */
  public String masterAddress() {
    return (brokerLink != null ? LINKED_BROKER_IP : "127.0.0.1") + ":" + master.listenPort;
  }

  /**
   * How many messages this group's master stored in {@code topic} (all its queues; 0 for a topic it
   * does not have), read from its consume queues. The master must be running.
   */
  public long messageCount(String topic) {
    return Long.parseLong(callMaster("messageCount", topic));
  }

  /**
   * Kills the master's JVM with SIGKILL: no flush, no shutdown hook, like a machine crash of the
   * process. A LOCAL-mode proxy in the same JVM dies too. The NameServer drops the master at once
   * (its connection closes), so a CLUSTER-mode proxy stops writing to this group.
   */
  public void killMaster() {
    master.server.kill();
  }

  /** Stops the master's JVM by asking it to exit (no crash). */
  public void stopMaster() {
    master.server.stop();
  }

  /**
   * Starts the master again on the same store, ports and config (after {@link #killMaster()} or
   * {@link #stopMaster()}), and returns once it is registered (and, with a running slave and
   * synchronous replication, in sync).
   */
  public void restartMaster() {
    if (master.server.isAlive()) {
      throw new IllegalStateException("the master of " + name + " is running; kill or stop it");
    }
    launch(master);
    awaitReplicasInSync();
  }

  /** Whether the master's JVM is running. */
  public boolean isMasterRunning() {
    return master.server.isAlive();
  }

  /**
   * Stops the slave's JVM. With synchronous replication the master can then no longer replicate.
   */
  public void stopSlave() {
    requireSlave().server.stop();
  }

  /** Starts the slave again on its store and waits until it is in sync with the master. */
  public void startSlave() {
    BrokerNode node = requireSlave();
    if (node.server.isAlive()) {
      throw new IllegalStateException("the slave of " + name + " is running");
    }
    launch(node);
    awaitReplicasInSync();
  }

  /** The master's own log file, {@code broker.log}, as RocketMQ writes it. */
  public Path masterLog() {
    return logOf(master);
  }

  /** What the master's JVM printed so far on stdout and stderr. */
  public String masterOutput() {
    return master.server.output();
  }

  private static Path logOf(BrokerNode node) {
    return node.dir.resolve("home/logs/rocketmqlogs/broker.log");
  }

  private static String readLog(BrokerNode node) {
    Path file = logOf(node);
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(broker.log unreadable: " + e + ")";
    }
  }

  private BrokerNode requireSlave() {
    if (slave == null) {
      throw new IllegalStateException("topology " + spec.topology + " has no slave");
    }
    return slave;
  }

  /** Stops the slave, then the master, then the links in front of the master. */
  void close() {
    for (BrokerNode node : new BrokerNode[] {slave, master}) {
      if (node != null && node.server != null) {
        node.server.stop();
      }
    }
    closeLinks(proxyLink, brokerLink);
  }
}
