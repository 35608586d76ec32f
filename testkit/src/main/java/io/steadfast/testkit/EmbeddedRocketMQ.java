package io.steadfast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real RocketMQ 5 cluster for tests: a NameServer, one or two broker groups (a master, optionally
 * with a slave) and a gRPC proxy, each server in its own child JVM on loopback ports with temporary
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
 * master's JVM, which also runs the proxy) followed by {@link #restartBroker()} on the same store;
 * network faults through {@link FaultyLink}s in front of the proxy ({@link
 * Builder#proxyBehindLink()}, for gRPC clients) and of the master ({@link
 * Builder#brokerBehindLink()}, for remoting clients). With {@link Topology#TWO_GROUPS} these act on
 * {@code broker-a}; {@link #group(String)} gives each group's own, and the proxy runs apart from
 * the brokers. The server jars run only in the child JVMs, so they never clash with the client on
 * the test classpath. Set system property {@code steadfast.testkit.keep=true} to keep the
 * directories (and the servers' logs) after {@link #close()}.
 */
public final class EmbeddedRocketMQ implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQ.class);
  private static final String CLUSTER = "SteadfastCluster";
  private static final int START_ATTEMPTS = 3;

  private final Builder spec;
  private final Path workDir;
  private ServerSecurity security;
  private ChildServer namesrv;
  private int namesrvPort;
  private final List<BrokerGroup> groups = new ArrayList<>();
  private ChildServer clusterProxy;
  private int clusterProxyPort;
  private boolean closed;

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
    security = ServerSecurity.of(spec, workDir);
    Started started =
        startOnFreePort(
            "namesrv",
            "128m",
            port ->
                List.of("namesrv", String.valueOf(port), workDir.resolve("namesrv").toString()));
    namesrv = started.server();
    namesrvPort = started.port();
    startGroups();
    if (spec.topology.hasClusterProxy()) {
      // More heap than the NameServer's: the proxy's gRPC buffers come from direct memory.
      started =
          startOnFreePort(
              "proxy",
              "256m",
              port ->
                  List.of(
                      "proxy",
                      nameServerAddress(),
                      CLUSTER,
                      String.valueOf(port),
                      workDir.resolve("proxy").toString()));
      clusterProxy = started.server();
      clusterProxyPort = started.port();
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

  /**
   * Starts the broker groups side by side (a group's master and slave one after the other): broker
   * JVMs start CPU-bound, so two groups start in little more than one group's time on two cores.
   */
  private void startGroups() {
    boolean localProxy = !spec.topology.hasClusterProxy();
    List<CompletableFuture<BrokerGroup>> starting = new ArrayList<>();
    for (String name : spec.topology.groupNames()) {
      starting.add(
          CompletableFuture.supplyAsync(
              () ->
                  BrokerGroup.start(
                      name,
                      CLUSTER,
                      nameServerAddress(),
                      workDir.resolve(name),
                      spec,
                      security,
                      localProxy),
              task -> new Thread(task, "steadfast-start-" + name).start()));
    }
    RuntimeException failure = null;
    for (CompletableFuture<BrokerGroup> group : starting) {
      try {
        groups.add(group.join());
      } catch (CompletionException e) {
        // Keep waiting for the others, so that close() stops every group that did start.
        failure = e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private record Started(ChildServer server, int port) {}

  /**
   * Starts a NameServer or proxy JVM with {@code heap} on a free port, trying again on another port
   * when the bind fails (the port can be taken between the check and the bind).
   */
  private Started startOnFreePort(
      String name, String heap, IntFunction<List<String>> argumentsForPort) {
    EmbeddedRocketMQException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = Ports.free();
      try {
        List<String> options =
            new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(security.jvmOptions());
        ChildServer server =
            ChildServer.start(
                name, workDir.resolve(name), options, List.of(), argumentsForPort.apply(port));
        return new Started(server, port);
      } catch (EmbeddedRocketMQException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * gRPC endpoint of the proxy, {@code 127.0.0.1:<port>}, for rocketmq-client-java; the link's
   * address when the proxy is {@linkplain Builder#proxyBehindLink() behind a link} ({@code
   * 127.0.0.2:<port>} when the master is {@linkplain Builder#brokerBehindLink() behind one too}:
   * the proxy's routes name the master's advertised host).
   */
  public String endpoint() {
    return clusterProxy != null
        ? "127.0.0.1:" + clusterProxyPort
        : firstGroup().advertisedGrpcEndpoint();
  }

  /**
   * The {@link FaultyLink} every gRPC client connection passes through (routes name it too), for
   * injecting network faults between clients and the proxy.
   *
   * @throws IllegalStateException unless the cluster was built with {@link
   *     Builder#proxyBehindLink()}
   */
  public FaultyLink proxyLink() {
    return built(firstGroup().proxyLink(), "proxyBehindLink()", "a proxy link");
  }

  /**
   * The {@link FaultyLink} in front of broker-a's master's remoting port: every connection a
   * remoting client (rocketmq-client, broker addresses from the NameServer) makes to that master
   * passes through it, sends, pulls, offset commits and heartbeats alike. It stays up while the
   * master is killed and restarted (connections through it are then reset), so faults set on it
   * last across a restart. Replication to the slave does not pass through it; the slave's periodic
   * copy of the master's topics and offsets does.
   *
   * @throws IllegalStateException unless the cluster was built with {@link
   *     Builder#brokerBehindLink()}
   */
  public FaultyLink brokerLink() {
    return built(firstGroup().brokerLink(), "brokerBehindLink()", "a broker link");
  }

  /** {@code link}, which the builder option {@code option} creates; refused when it did not. */
  private static FaultyLink built(FaultyLink link, String option, String what) {
    if (link == null) {
      throw new IllegalStateException("build the cluster with " + option + " to get " + what);
    }
    return link;
  }

  /**
   * The certificate every server presents (self-signed, generated at start): make a client trust
   * it, e.g. the remoting client's {@code tls.client.trustCertPath}.
   *
   * @throws IllegalStateException unless the cluster was built with {@link Builder#tls()}
   */
  public TlsCertificate tlsCertificate() {
    if (security == null || !security.tls()) {
      throw new IllegalStateException("build the cluster with tls() to get its certificate");
    }
    return security.certificate();
  }

  /** NameServer address, {@code 127.0.0.1:<port>}, for remoting clients and admin tools. */
  public String nameServerAddress() {
    return "127.0.0.1:" + namesrvPort;
  }

  /**
   * Remoting address of the master broker ({@code broker-a}'s with two groups), as the NameServer
   * gives it to clients (the link's address when the master is behind one).
   */
  public String brokerAddress() {
    return firstGroup().masterAddress();
  }

  /**
   * The broker group named {@code brokerName}: {@code broker-a}, and with {@link
   * Topology#TWO_GROUPS} also {@code broker-b}.
   *
   * @throws IllegalArgumentException if the cluster has no such group
   */
  public BrokerGroup group(String brokerName) {
    return groups.stream()
        .filter(g -> g.name().equals(brokerName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no broker group "
                        + brokerName
                        + " in topology "
                        + spec.topology
                        + "; groups: "
                        + spec.topology.groupNames()));
  }

  private BrokerGroup firstGroup() {
    return groups.get(0);
  }

  /**
   * Creates the topics and consumer groups {@code described} (a cluster shared by test classes).
   */
  void createTopicsAndGroups(Builder described) {
    described.topics.forEach((name, topic) -> createTopic(name, topic.type, topic.queues));
    described.groups.forEach(
        (name, group) -> createConsumerGroup(name, group.maxAttempts, group.fifo));
  }

  /**
   * Creates (or updates) a topic with {@code queues} queues on every group's master (as {@code
   * mqadmin updateTopic -c} does) and waits until the NameServer routes it to each.
   */
  public void createTopic(String topic, TopicType type, int queues) {
    groups.forEach(g -> g.callMaster("createTopic", topic, type.name(), queues));
  }

  /**
   * Creates (or updates) a consumer group on every group's master: after {@code
   * maxDeliveryAttempts} failed deliveries a message goes to the group's dead-letter topic {@code
   * %DLQ%<group>}, which is created here too so that tests can read it at once. Retries back off
   * from 1 s, doubling.
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
    groups.forEach(g -> g.callMaster("createGroup", group, maxDeliveryAttempts, fifo));
  }

  /**
   * How many messages the masters stored in {@code topic} (all queues of all groups; 0 for an
   * unknown topic), read from the brokers' consume queues: counts what was written, whatever was
   * consumed. Use it to prove a write was or was not stored, or to count a dead-letter topic {@code
   * %DLQ%<group>}. Every master must be running; {@link BrokerGroup#messageCount} counts one group.
   */
  public long messageCount(String topic) {
    return groups.stream().mapToLong(g -> g.messageCount(topic)).sum();
  }

  /**
   * Waits until consumer group {@code group} has acked every message stored in {@code topic} so
   * far: none left to receive, none received and not yet acked, none waiting in the group's retry
   * topic for redelivery. A message moved to the dead-letter topic counts as done (count those with
   * {@code messageCount("%DLQ%" + group)}). Replaces a test's own polling loop after sending.
   *
   * <p>Measured on the masters (every one must be running) as the broker's consumer-lag metric does
   * for rocketmq-client-java consumers (SimpleConsumer and PushConsumer receive by POP through the
   * proxy): a POP receive moves the group's offset at once, so unacked messages are counted apart.
   * A group that has not received from the topic yet has everything left. After {@link
   * #restartBroker()} the broker has forgotten which messages were received before the restart and
   * not acked: they count again only once their invisible duration has passed and they wait for
   * redelivery.
   *
   * @throws AssertionError if the topic is not drained within {@code timeout}; the message says how
   *     many messages are left in each state
   */
  public void awaitDrained(String group, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long[] left = consumerProgress(group, topic);
      if (left[0] == 0 && left[1] == 0 && left[2] == 0) {
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

  /**
   * {never received, received and not acked, waiting for redelivery}, summed over the groups'
   * masters (each answers "a b c", see server.ConsumerProgress).
   */
  private long[] consumerProgress(String group, String topic) {
    long[] sum = new long[3];
    for (BrokerGroup g : groups) {
      String[] left = g.callMaster("consumerProgress", group, topic).split(" ");
      for (int i = 0; i < sum.length; i++) {
        sum[i] += Long.parseLong(left[i]);
      }
    }
    return sum;
  }

  /**
   * Stops broker-a's slave JVM. With synchronous replication its master can no longer replicate.
   */
  public void stopSlave() {
    firstGroup().stopSlave();
  }

  /** Starts broker-a's slave again on its store and waits until it is in sync with the master. */
  public void startSlave() {
    firstGroup().startSlave();
  }

  /**
   * Kills broker-a's master JVM with SIGKILL: no flush, no shutdown hook, like a machine crash of
   * the process. In the one-group topologies the proxy runs in the same JVM and dies too.
   */
  public void killBroker() {
    firstGroup().killMaster();
  }

  /** Stops broker-a's master JVM by asking it to exit (no crash). */
  public void stopBroker() {
    firstGroup().stopMaster();
  }

  /**
   * Starts broker-a's master again on the same store, ports and config (after {@link #killBroker()}
   * or {@link #stopBroker()}), and returns once it is registered (and, with a running slave and
   * synchronous replication, in sync).
   */
  public void restartBroker() {
    firstGroup().restartMaster();
  }

  /** Whether broker-a's master JVM is running. */
  public boolean isBrokerRunning() {
    return firstGroup().isMasterRunning();
  }

  /** broker-a's master's own log file, {@code broker.log}, as RocketMQ writes it. */
  public Path brokerLog() {
    return firstGroup().masterLog();
  }

  /** What broker-a's master JVM printed so far on stdout and stderr. */
  public String brokerOutput() {
    return firstGroup().masterOutput();
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
    if (clusterProxy != null) {
      clusterProxy.stop();
    }
    groups.forEach(BrokerGroup::close);
    if (namesrv != null) {
      namesrv.stop();
    }
    if (!Boolean.getBoolean("steadfast.testkit.keep")) {
      deleteRecursively(workDir);
    }
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
    FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
    Topology topology = Topology.SINGLE;
    final Map<String, String> brokerProperties = new LinkedHashMap<>();
    final List<Path> brokerClasspath = new ArrayList<>();
    private final Map<String, TopicSpec> topics = new LinkedHashMap<>();
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
    private Path baseDir;
    boolean proxyBehindLink;
    boolean brokerBehindLink;
    String accessKey;
    String secretKey;
    boolean tls;

    private Builder() {}

    /**
     * Puts a {@link FaultyLink} in front of broker-a's master for remoting clients ({@link
     * EmbeddedRocketMQ#brokerLink()}): the master listens on 127.0.0.1 only and registers with the
     * NameServer as {@code 127.0.0.2:<port>}, where the link listens and forwards to it (Linux
     * routes all of 127.0.0.0/8 to loopback). Its slave registers 127.0.0.2 as well and listens on
     * every local address, reached directly; it, the HA port and the NameServer stay off the link.
     * With {@link Topology#TWO_GROUPS} each group's master gets a link of its own; {@link
     * EmbeddedRocketMQ#brokerLink()} is broker-a's. Combines with {@link #proxyBehindLink()}, whose
     * link carries the gRPC clients and then listens on 127.0.0.2 as well, since the local proxy's
     * routes name the master's host.
     */
    public Builder brokerBehindLink() {
      this.brokerBehindLink = true;
      return this;
    }

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

    /**
     * Requires every client to authenticate (RocketMQ 5.3 ACL 2.0, {@code authenticationEnabled})
     * on the brokers and the proxy, and creates the user {@code accessKey} with {@code secretKey}
     * (a super user; authorization stays off). Clients sign with these: the gRPC client's session
     * credentials, the remoting client's {@code AclClientRPCHook}. The NameServer (routes) asks for
     * no credentials in 5.3.3. The servers talk to each other as a user of their own.
     *
     * @throws IllegalArgumentException unless both are 1-64 letters, digits, {@code -}, {@code _}
     *     or {@code .}
     */
    public Builder authentication(String accessKey, String secretKey) {
      for (String value : new String[] {accessKey, secretKey}) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
          throw new IllegalArgumentException(
              "access key and secret must be 1-64 letters, digits, '-', '_' or '.'");
        }
      }
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /**
     * Enforces TLS on the NameServer, the brokers and the proxy ({@code
     * tls.server.mode=enforcing}): each presents one self-signed certificate generated at start
     * ({@link EmbeddedRocketMQ#tlsCertificate()}) and refuses plain-text connections. Clients need
     * {@code ClientSettings.tls(true)}.
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** ASYNC_FLUSH (RocketMQ's default, and this builder's) or SYNC_FLUSH. */
    public Builder flushDiskType(FlushDiskType flushDiskType) {
      this.flushDiskType = flushDiskType;
      return this;
    }

    /** SINGLE (default), SYNC_MASTER_SLAVE, ASYNC_MASTER_SLAVE or TWO_GROUPS. */
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

    /**
     * Runs a broker plugin on every broker: sets {@code messageStorePlugIn} to {@code pluginClass}
     * and puts the jar or classes directory that holds it on this JVM's classpath (e.g. the
     * steadfast-rocketmq-plugin test dependency) on the brokers' classpath.
     */
    public Builder brokerPluginFromClasspath(String pluginClass) {
      brokerProperty("messageStorePlugIn", pluginClass);
      return brokerClasspath(ServerClasspath.locationOf(pluginClass));
    }

    /**
     * A topic created at start, with its message type and number of queues (on each broker group).
     */
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
              String.valueOf(proxyBehindLink),
              String.valueOf(brokerBehindLink),
              accessKey + "/" + secretKey,
              String.valueOf(tls));
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
      if (proxyBehindLink && topology.hasClusterProxy()) {
        throw new IllegalArgumentException(
            "proxyBehindLink() needs a LOCAL-mode proxy; topology "
                + topology
                + " runs a CLUSTER-mode proxy: use a one-group topology");
      }
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
