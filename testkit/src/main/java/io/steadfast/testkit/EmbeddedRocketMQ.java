package io.steadfast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real RocketMQ 5 cluster for tests: a NameServer, a master broker (optionally with a slave) and
 * a gRPC proxy in local mode, each server in its own child JVM on loopback ports with temporary
 * store directories. Use {@link #endpoint()} with rocketmq-client-java.
 *
 * <pre>{@code
 * try (EmbeddedRocketMQ mq = EmbeddedRocketMQ.builder()
 *     .flushDiskType(FlushDiskType.SYNC_FLUSH)
 *     .topic("orders", TopicType.NORMAL, 4)
 *     .consumerGroup("billing", 3)
 *     .start()) {
 *   ClientConfiguration config = ClientConfiguration.newBuilder()
 *       .setEndpoints(mq.endpoint()).enableSsl(false).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Faults: {@link #stopSlave()}/{@link #startSlave()}, and {@link #killBroker()} (SIGKILL of the
 * master's JVM, which also runs the proxy) followed by {@link #restartBroker()} on the same store.
 * The server jars run only in the child JVMs, so they never clash with the client on the test
 * classpath. Set system property {@code steadfast.testkit.keep=true} to keep the directories (and
 * the servers' logs) after {@link #close()}.
 */
public final class EmbeddedRocketMQ implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQ.class);
  private static final String CLUSTER = "SteadfastCluster";
  private static final String BROKER_NAME = "broker-a";
  private static final int START_ATTEMPTS = 3;

  private final Builder spec;
  private final Path workDir;
  private ChildServer namesrv;
  private int namesrvPort;
  private BrokerNode master;
  private BrokerNode slave;
  private FaultyLink proxyLink;
  private boolean closed;

  /** One broker's fixed identity: its directory, ports and role survive restarts. */
  private static final class BrokerNode {
    final String name;
    final Path dir;
    final int listenPort;
    final int grpcPort;

    /** The gRPC port clients are told in routes (a link's port when the proxy is behind one). */
    final int advertisedPort;

    final Properties config;
    ChildServer server;

    BrokerNode(
        String name,
        Path dir,
        int listenPort,
        int grpcPort,
        int advertisedPort,
        Properties config) {
      this.name = name;
      this.dir = dir;
      this.listenPort = listenPort;
      this.grpcPort = grpcPort;
      this.advertisedPort = advertisedPort;
      this.config = config;
    }
  }

  private EmbeddedRocketMQ(Builder spec) {
    this.spec = spec;
    try {
      Path base =
          spec.baseDir != null ? spec.baseDir : Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      this.workDir = Files.createTempDirectory(base, "steadfast-rocketmq-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster's directory", e);
    }
  }

  /** Starts describing a cluster. */
  public static Builder builder() {
    return new Builder();
  }

  private void startAll() {
    long began = System.nanoTime();
    startNamesrv();
    master = startFirstTime("master", masterRole(), 0, true);
    if (spec.topology != Topology.SINGLE) {
      slave = startFirstTime("slave", "SLAVE", 1, false);
      awaitReplicasInSync();
    }
    createTopicsAndGroups(spec);
    log.info(
        "Embedded RocketMQ ({}, {}) ready at {} in {} ms; files in {}",
        spec.topology,
        spec.flushDiskType,
        endpoint(),
        (System.nanoTime() - began) / 1_000_000,
        workDir);
  }

  private String masterRole() {
    return spec.topology == Topology.SYNC_MASTER_SLAVE ? "SYNC_MASTER" : "ASYNC_MASTER";
  }

  private void startNamesrv() {
    RuntimeException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = Ports.free();
      try {
        namesrv =
            ChildServer.start(
                "namesrv",
                workDir.resolve("namesrv"),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(),
                List.of("namesrv", String.valueOf(port), workDir.resolve("namesrv").toString()));
        namesrvPort = port;
        return;
      } catch (EmbeddedRocketMQException e) {
        last = e; // most likely the port was taken between the check and the bind
      }
    }
    throw last;
  }

  private BrokerNode startFirstTime(String name, String role, int brokerId, boolean withProxy) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int listenPort = Ports.freeBlock();
      int grpcPort = withProxy ? Ports.free() : 0;
      FaultyLink link =
          withProxy && spec.proxyBehindLink ? FaultyLink.start("127.0.0.1", grpcPort) : null;
      int advertised = link != null ? link.port() : grpcPort;
      Path dir = workDir.resolve(name + "-" + attempt);
      BrokerNode node =
          new BrokerNode(
              name,
              dir,
              listenPort,
              grpcPort,
              advertised,
              brokerConfig(dir, role, brokerId, listenPort));
      try {
        launch(node);
        if (link != null) {
          proxyLink = link;
        }
        return node;
      } catch (EmbeddedRocketMQException e) {
        if (link != null) {
          link.close();
        }
        if (!e.output().contains("BindException")
            && !e.output().contains("Address already in use")) {
          throw e.withBrokerLog(readBrokerLog(node));
        }
        last = e;
      }
    }
    throw last;
  }

  private Properties brokerConfig(Path dir, String role, int brokerId, int listenPort) {
    Properties p = new Properties();
    p.setProperty("brokerClusterName", CLUSTER);
    p.setProperty("brokerName", BROKER_NAME);
    p.setProperty("brokerId", String.valueOf(brokerId));
    p.setProperty("brokerRole", role);
    p.setProperty("flushDiskType", spec.flushDiskType.name());
    p.setProperty("namesrvAddr", "127.0.0.1:" + namesrvPort);
    p.setProperty("bindAddress", "127.0.0.1");
    p.setProperty("listenPort", String.valueOf(listenPort));
    p.setProperty("haListenPort", String.valueOf(listenPort + 1));
    p.setProperty("brokerIP1", "127.0.0.1");
    p.setProperty("brokerIP2", "127.0.0.1");
    p.setProperty("storePathRootDir", dir.resolve("store").toString());
    p.setProperty("storePathCommitLog", dir.resolve("store").resolve("commitlog").toString());
    p.setProperty("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
    p.setProperty("diskMaxUsedSpaceRatio", "95");
    // Fast retries for gRPC consumers (NOTES: else redeliveries take 20-40 s).
    p.setProperty("enableRetryTopicV2", "true");
    p.setProperty("retrieveMessageFromPopRetryTopicV1", "false");
    p.setProperty("reviveQueueNum", "2");
    p.setProperty("reviveInterval", "500");
    if (spec.topology == Topology.SYNC_MASTER_SLAVE) {
      p.setProperty("inSyncReplicas", "2");
      p.setProperty("totalReplicas", "2");
    }
    spec.brokerProperties.forEach(p::setProperty);
    return p;
  }

  private void launch(BrokerNode node) {
    try {
      Files.createDirectories(node.dir);
      Path conf = node.dir.resolve("broker.conf");
      try (Writer out = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
        node.config.setProperty("namesrvAddr", "127.0.0.1:" + namesrvPort);
        node.config.store(out, "written by steadfast-testkit");
      }
      List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
      jvm.addAll(JVM_OPENS);
      node.server =
          ChildServer.start(
              node.name,
              node.dir,
              jvm,
              spec.brokerClasspath,
              List.of(
                  "broker",
                  conf.toString(),
                  String.valueOf(node.grpcPort),
                  String.valueOf(node.advertisedPort)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of " + node.name, e);
    }
  }

  private static final List<String> JVM_OPENS =
      List.of(
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

  private void awaitReplicasInSync() {
    if (spec.topology == Topology.SYNC_MASTER_SLAVE && slave != null && slave.server != null) {
      master.server.call("awaitInSync", 2);
    }
  }

  /**
   * gRPC endpoint of the proxy, {@code 127.0.0.1:<port>}, for rocketmq-client-java; the link's
   * address when the proxy is {@linkplain Builder#proxyBehindLink() behind a link}.
   */
  public String endpoint() {
    return "127.0.0.1:" + master.advertisedPort;
  }

  /**
   * The {@link FaultyLink} every gRPC client connection passes through (routes name it too), for
   * injecting network faults between clients and the proxy.
   *
   * @throws IllegalStateException unless the cluster was built with {@link
   *     Builder#proxyBehindLink()}
   */
  public FaultyLink proxyLink() {
    if (proxyLink == null) {
      throw new IllegalStateException(
          "build the cluster with proxyBehindLink() to get a proxy link");
    }
    return proxyLink;
  }

  /** NameServer address, {@code 127.0.0.1:<port>}, for remoting clients and admin tools. */
  public String nameServerAddress() {
    return "127.0.0.1:" + namesrvPort;
  }

  /** Remoting address of the master broker. */
  public String brokerAddress() {
    return "127.0.0.1:" + master.listenPort;
  }

  /**
   * Creates the topics and consumer groups {@code described} (a cluster shared by test classes).
   */
  void createTopicsAndGroups(Builder described) {
    described.topics.forEach((name, topic) -> createTopic(name, topic.type, topic.queues));
    described.groups.forEach(
        (name, group) -> createConsumerGroup(name, group.maxAttempts, group.fifo));
  }

  /** Creates (or updates) a topic on the master and waits until the NameServer routes it. */
  public void createTopic(String topic, TopicType type, int queues) {
    master.server.call("createTopic", topic, type.name(), queues);
  }

  /**
   * Creates (or updates) a consumer group: after {@code maxDeliveryAttempts} failed deliveries a
   * message goes to the group's dead-letter topic {@code %DLQ%<group>}, which is created here too
   * so that tests can read it at once. Retries back off from 1 s, doubling.
   */
  public void createConsumerGroup(String group, int maxDeliveryAttempts) {
    createConsumerGroup(group, maxDeliveryAttempts, false);
  }

  /**
   * Like {@link #createConsumerGroup(String, int)}, for a group that consumes FIFO topics in order.
   */
  public void createFifoConsumerGroup(String group, int maxDeliveryAttempts) {
    createConsumerGroup(group, maxDeliveryAttempts, true);
  }

  private void createConsumerGroup(String group, int maxDeliveryAttempts, boolean fifo) {
    if (maxDeliveryAttempts < 1) {
      throw new IllegalArgumentException("maxDeliveryAttempts must be >= 1");
    }
    master.server.call("createGroup", group, maxDeliveryAttempts, fifo);
  }

  /**
   * How many messages the master stored in {@code topic} (all queues; 0 for an unknown topic), read
   * from the broker's consume queues: counts what was written, whatever was consumed. Use it to
   * prove a write was or was not stored, or to count a dead-letter topic {@code %DLQ%<group>}.
   */
  public long messageCount(String topic) {
    return Long.parseLong(master.server.call("messageCount", topic));
  }

  /**
   * Waits until consumer group {@code group} has acked every message stored in {@code topic} so
   * far: none left to receive, none received and not yet acked, none waiting in the group's retry
   * topic for redelivery. A message moved to the dead-letter topic counts as done (count those with
   * {@code messageCount("%DLQ%" + group)}). Replaces a test's own polling loop after sending.
   *
   * <p>Measured on the master as the broker's consumer-lag metric does for rocketmq-client-java
   * consumers (SimpleConsumer and PushConsumer receive by POP through the proxy): a POP receive
   * moves the group's offset at once, so unacked messages are counted apart. A group that has not
   * received from the topic yet has everything left. After {@link #restartBroker()} the broker has
   * forgotten which messages were received before the restart and not acked: they count again only
   * once their invisible duration has passed and they wait for redelivery.
   *
   * @throws AssertionError if the topic is not drained within {@code timeout}; the message says how
   *     many messages are left in each state
   */
  public void awaitDrained(String group, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // "<never received> <received, not acked> <waiting for redelivery>", see
      // server.ConsumerProgress
      String[] left = master.server.call("consumerProgress", group, topic).split(" ");
      if (left[0].equals("0") && left[1].equals("0") && left[2].equals("0")) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "consumer group "
                + group
                + " has not drained topic "
                + topic
                + " within "
                + timeout.toMillis()
                + " ms: "
                + left[0]
                + " messages never received, "
                + left[1]
                + " received and not acked, "
                + left[2]
                + " waiting for redelivery");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for " + group + " to drain " + topic, e);
      }
    }
  }

  /** Stops the slave's JVM. With SYNC_MASTER_SLAVE the master can then no longer replicate. */
  public void stopSlave() {
    requireSlave().server.stop();
  }

  /** Starts the slave again on its store and waits until it is in sync with the master. */
  public void startSlave() {
    BrokerNode node = requireSlave();
    if (node.server.isAlive()) {
      throw new IllegalStateException("the slave is running");
    }
    launch(node);
    awaitReplicasInSync();
  }

  /**
   * Kills the master broker's JVM with SIGKILL: no flush, no shutdown hook, like a machine crash of
   * the process. The proxy runs in the same JVM and dies too.
   */
  public void killBroker() {
    master.server.kill();
  }

  /** Stops the master broker's JVM by asking it to exit (no crash). */
  public void stopBroker() {
    master.server.stop();
  }

  /**
   * Starts the master again on the same store, ports and config (after {@link #killBroker()} or
   * {@link #stopBroker()}), and returns once it is registered (and, with a running slave in
   * SYNC_MASTER_SLAVE, in sync).
   */
  public void restartBroker() {
    if (master.server.isAlive()) {
      throw new IllegalStateException("the master broker is running; kill or stop it first");
    }
    launch(master);
    if (slave != null && slave.server.isAlive()) {
      awaitReplicasInSync();
    }
  }

  /** Whether the master broker's JVM is running. */
  public boolean isBrokerRunning() {
    return master.server.isAlive();
  }

  /** The master's own log file, {@code broker.log}, as RocketMQ writes it. */
  public Path brokerLog() {
    return brokerLog(master);
  }

  private static Path brokerLog(BrokerNode node) {
    return node.dir.resolve("home/logs/rocketmqlogs/broker.log");
  }

  private static String readBrokerLog(BrokerNode node) {
    Path file = brokerLog(node);
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(broker.log unreadable: " + e + ")";
    }
  }

  /** What the master's JVM printed so far on stdout and stderr. */
  public String brokerOutput() {
    return master.server.output();
  }

  /** Root directory of all servers' stores, configs and logs. */
  public Path workDir() {
    return workDir;
  }

  /**
   * Stops every server and deletes the directories (unless {@code steadfast.testkit.keep=true}).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (BrokerNode node : new BrokerNode[] {slave, master}) {
      if (node != null && node.server != null) {
        node.server.stop();
      }
    }
    if (namesrv != null) {
      namesrv.stop();
    }
    if (proxyLink != null) {
      proxyLink.close();
    }
    if (!Boolean.getBoolean("steadfast.testkit.keep")) {
      deleteRecursively(workDir);
    }
  }

  private BrokerNode requireSlave() {
    if (slave == null) {
      throw new IllegalStateException("topology " + spec.topology + " has no slave");
    }
    return slave;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}", dir, e);
    }
  }

  private record TopicSpec(TopicType type, int queues) {}

  private record GroupSpec(int maxAttempts, boolean fifo) {}

  /** Describes a cluster; {@link #start()} starts it. */
  public static final class Builder {
    private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
    private Topology topology = Topology.SINGLE;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private final List<Path> brokerClasspath = new ArrayList<>();
    private final Map<String, TopicSpec> topics = new LinkedHashMap<>();
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
    private Path baseDir;
    private boolean proxyBehindLink;

    private Builder() {}

    /**
     * Puts a {@link FaultyLink} in front of the proxy and advertises it in topic routes, so every
     * gRPC connection passes through it ({@link EmbeddedRocketMQ#proxyLink()}). Without this a link
     * in front of {@link #endpoint()} would only see the first connection: the proxy's routes name
     * its own port.
     */
    public Builder proxyBehindLink() {
      this.proxyBehindLink = true;
      return this;
    }

    /** ASYNC_FLUSH (RocketMQ's default, and this builder's) or SYNC_FLUSH. */
    public Builder flushDiskType(FlushDiskType flushDiskType) {
      this.flushDiskType = flushDiskType;
      return this;
    }

    /** SINGLE (default), SYNC_MASTER_SLAVE or ASYNC_MASTER_SLAVE. */
    public Builder topology(Topology topology) {
      this.topology = topology;
      return this;
    }

    /**
     * Sets a {@code broker.conf} property on every broker (e.g. {@code messageStorePlugIn}); it
     * overrides the testkit's defaults. Keys RocketMQ does not know stay in the file for plugins.
     */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    /** Adds classpath entries (jars or class directories) to every broker JVM, e.g. a plugin. */
    public Builder brokerClasspath(Path... entries) {
      brokerClasspath.addAll(List.of(entries));
      return this;
    }

    /** A topic created at start, with its message type and number of queues. */
    public Builder topic(String name, TopicType type, int queues) {
      topics.put(name, new TopicSpec(type, queues));
      return this;
    }

    /** A NORMAL topic with 4 queues. */
    public Builder topic(String name) {
      return topic(name, TopicType.NORMAL, 4);
    }

    /** A consumer group created at start; see {@link EmbeddedRocketMQ#createConsumerGroup}. */
    public Builder consumerGroup(String group, int maxDeliveryAttempts) {
      groups.put(group, new GroupSpec(maxDeliveryAttempts, false));
      return this;
    }

    /** A consumer group for FIFO topics, consuming in order. */
    public Builder fifoConsumerGroup(String group, int maxDeliveryAttempts) {
      groups.put(group, new GroupSpec(maxDeliveryAttempts, true));
      return this;
    }

    /**
     * What makes two builders' clusters interchangeable once topics and groups are created: every
     * setting except those. Null when the cluster has its own directory and cannot be shared.
     */
    String sharingKey() {
      return baseDir != null
          ? null
          : String.join(
              "|",
              flushDiskType.name(),
              topology.name(),
              brokerProperties.toString(),
              brokerClasspath.toString(),
              String.valueOf(proxyBehindLink));
    }

    /** Where the cluster's temporary directory is created; default {@code java.io.tmpdir}. */
    public Builder baseDir(Path baseDir) {
      this.baseDir = baseDir;
      return this;
    }

    /**
     * Starts the cluster and returns once every broker is registered, replicas are in sync and the
     * topics and groups exist.
     *
     * @throws EmbeddedRocketMQException if a server fails to start; its output is attached
     */
    public EmbeddedRocketMQ start() {
      EmbeddedRocketMQ cluster = new EmbeddedRocketMQ(this);
      try {
        cluster.startAll();
        return cluster;
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
    }
  }
}
