package io.steadfast.faults.harness;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.faults.OrderEvent;
import io.steadfast.faults.harness.FaultSchedule.Fault;
import io.steadfast.faults.harness.FaultSchedule.Kind;
import io.steadfast.faults.harness.History.Result;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testkit.FaultyLink;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link FaultSchedule}: two consumer JVMs of one group, a producer sending at a steady
 * pace and re-sending what was reported MAYBE_STORED, the schedule's faults, then every fault
 * healed, a drain until every acked send has its effect (or a deadline), and the history check.
 */
final class HarnessRun {
  private static final Logger log = LoggerFactory.getLogger(HarnessRun.class);

  /**
   * Longer than the longest store fault (6 s): a non-transactional effect whose DONE record cannot
   * be written is protected by the lease, and only while it lasts (docs/reliability.md).
   */
  private static final Duration LEASE = Duration.ofSeconds(10);

  private static final Duration INVISIBLE = Duration.ofSeconds(3);
  private static final int MAX_ATTEMPTS = 60;
  private static final Duration DRAIN = Duration.ofSeconds(240);

  /** What one schedule did and which promises it broke. */
  record Report(
      FaultSchedule schedule,
      int messages,
      int sends,
      int acked,
      long notStored,
      long maybeStored,
      long resent,
      int effects,
      long lost,
      long duplicateEffects,
      long reappliedAfterCrash,
      Map<Kind, Integer> faults,
      List<String> violations,
      long seconds) {
    String line() {
      return String.format(
          "seed=%d store=%s modes=%s messages=%d sends=%d acked=%d notStored=%d maybeStored=%d"
              + " resent=%d effects=%d lost=%d duplicateEffects=%d reappliedAfterCrash=%d"
              + " unreported=%d faults=%s (%d s)",
          schedule.seed(),
          schedule.store(),
          schedule.modes(),
          messages,
          sends,
          acked,
          notStored,
          maybeStored,
          resent,
          effects,
          lost,
          duplicateEffects,
          reappliedAfterCrash,
          violations.stream().filter(v -> v.contains("never reported")).count(),
          faults,
          seconds);
    }
  }

  private final HarnessEnvironment env;
  private final FaultSchedule schedule;
  private final int messages;
  private final Duration window;
  private final String id;
  private final String topic;
  private final String group;
  private final String effectsTable;
  private final String dedupTable;
  private final Process[] consumers = new Process[FaultSchedule.CONSUMERS];
  private final int[] starts = new int[FaultSchedule.CONSUMERS];
  private final History history;
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);

  HarnessRun(HarnessEnvironment env, FaultSchedule schedule, int messages, Duration window) {
    this.env = env;
    this.schedule = schedule;
    this.messages = messages;
    this.window = window;
    this.id = Long.toUnsignedString(schedule.seed(), 36);
    this.topic = "hf-" + id;
    this.group = "hf-g-" + id;
    this.effectsTable = TestDatabases.uniqueName("harness_effects");
    this.dedupTable = TestDatabases.uniqueName("harness_dedup");
    this.history = new History(schedule.store() == StoreKind.POSTGRES_TRANSACTIONAL);
  }

  Report run() throws Exception {
    long began = System.nanoTime();
    prepare();
    try {
      for (int i = 0; i < consumers.length; i++) {
        startConsumer(i);
      }
      ClientSettings client =
          ClientSettings.builder(env.mq.endpoint()).requestTimeout(Duration.ofSeconds(6)).build();
      Queue<String> resend = new ConcurrentLinkedQueue<>();
      try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        ExecutorService faults = Executors.newCachedThreadPool();
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (Fault fault : schedule.faults()) {
          running.add(faults.submit(() -> inject(fault, start)));
        }
        send(sender, resend);
        for (Future<?> f : running) {
          f.get(10, TimeUnit.MINUTES);
        }
        faults.shutdown();
        recover();
        awaitReported(Duration.ofMinutes(3));
        // A producer that was told MAYBE_STORED sends the same business event again.
        for (String key : resend) {
          history.sent(key, sender.sendAsync(order(key)));
        }
        awaitReported(Duration.ofMinutes(3));
      }
      drain();
    } finally {
      for (int i = 0; i < consumers.length; i++) {
        stopConsumer(i, false);
      }
    }
    history.effects(readEffects());
    if (!history.violations().isEmpty()) {
      dumpEffects();
    }
    Report report =
        new Report(
            schedule,
            messages,
            history.sendCount(),
            history.ackedKeys().size(),
            history.count(Result.NOT_STORED),
            history.count(Result.MAYBE_STORED),
            history.sendCount() - messages,
            history.effectCount(),
            history.lost(),
            history.duplicateEffects(),
            history.reappliedAfterCrash(),
            Map.copyOf(injected),
            history.violations(),
            (System.nanoTime() - began) / 1_000_000_000);
    cleanUp();
    return report;
  }

  private void prepare() throws Exception {
    env.mq.createTopic(topic, TopicType.NORMAL, 4);
    env.mq.createConsumerGroup(group, MAX_ATTEMPTS);
    try (Connection c = env.postgres.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + effectsTable
              + " (k VARCHAR(100) NOT NULL, consumer VARCHAR(120) NOT NULL, at BIGINT NOT NULL)");
    }
    if (schedule.store() != StoreKind.REDIS) {
      // Created once here, so the consumers never race to create it.
      UnpooledDataSource ds =
          new UnpooledDataSource(
              "org.postgresql.Driver",
              env.postgres.jdbcUrl(),
              env.postgres.user(),
              env.postgres.password());
      MyBatisIdempotencyStore.builder(ds).table(dedupTable).createTable(true).build().close();
    }
  }

  private void send(ReliableSender sender, Queue<String> resend) throws InterruptedException {
    long pauseNanos = window.toNanos() / messages;
    long next = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      String key = "hf-" + id + "-" + i;
      CompletableFuture<?> send = sender.sendAsync(order(key));
      history.sent(key, send);
      send.whenComplete(
          (ok, e) -> {
            if (e instanceof SendFailedException f && f.outcome() == Outcome.MAYBE_STORED) {
              resend.add(key);
            }
          });
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
  }

  private OutgoingMessage order(String key) {
    return OutgoingMessage.builder(topic).key(key).payload(new OrderEvent(key, 1)).build();
  }

  private void inject(Fault fault, long start) {
    try {
      long wait = start + fault.at().toNanos() - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      synchronized (injected) {
        injected.merge(fault.kind(), 1, Integer::sum);
      }
      log.info("harness {}: {} for {}", id, fault.kind(), fault.length());
      switch (fault.kind()) {
        case CONSUMER_KILL, CONSUMER_CLOSE -> {
          stopConsumer(fault.target(), fault.kind() == Kind.CONSUMER_KILL);
          Thread.sleep(fault.length().toMillis());
          startConsumer(fault.target());
        }
        case BROKER_KILL, SLAVE_STOP -> clusterFault(fault);
        case STORE_STALL -> linkFault(storeLink(), FaultyLink::blackhole, fault.length());
        case STORE_RESET -> storeLink().resetAll();
        case STORE_DROP_REPLIES -> linkFault(storeLink(), FaultyLink::dropReplies, fault.length());
        case NET_LATENCY ->
            linkFault(env.mq.proxyLink(), l -> l.latency(Duration.ofMillis(100)), fault.length());
        case NET_BLACKHOLE -> linkFault(env.mq.proxyLink(), FaultyLink::blackhole, fault.length());
        case NET_RESET -> env.mq.proxyLink().resetAll();
        case NET_DROP_REPLIES ->
            linkFault(env.mq.proxyLink(), FaultyLink::dropReplies, fault.length());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("harness " + id + ": injecting " + fault + " failed", e);
    }
  }

  /** Broker and slave faults one at a time: a restart waits for the replicas to be in sync. */
  private void clusterFault(Fault fault) throws InterruptedException {
    synchronized (env.mq) {
      if (fault.kind() == Kind.BROKER_KILL) {
        env.mq.killBroker();
        Thread.sleep(fault.length().toMillis());
        env.mq.restartBroker();
      } else {
        env.mq.stopSlave();
        Thread.sleep(fault.length().toMillis());
        env.mq.startSlave();
      }
    }
  }

  private static void linkFault(FaultyLink link, Consumer<FaultyLink> fault, Duration length)
      throws InterruptedException {
    fault.accept(link);
    Thread.sleep(length.toMillis());
    link.heal();
    // Connections whose answers were held or dropped are stale: make the clients reconnect.
    link.resetAll();
  }

  private FaultyLink storeLink() {
    return schedule.store() == StoreKind.REDIS ? env.redisLink : env.postgresLink;
  }

  private void recover() throws InterruptedException {
    env.healAll();
    for (int i = 0; i < consumers.length; i++) {
      synchronized (consumers) {
        if (consumers[i] == null || !consumers[i].isAlive()) {
          startConsumer(i);
        }
      }
    }
  }

  private void awaitReported(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!history.allSendsReported() && System.nanoTime() < end) {
      Thread.sleep(200);
    }
  }

  /** Until every acked send has an effect and the effects stop changing, or the deadline. */
  private void drain() throws Exception {
    long end = System.nanoTime() + DRAIN.toNanos();
    int stableRounds = 0;
    int last = -1;
    while (System.nanoTime() < end && stableRounds < 3) {
      Thread.sleep(2_000);
      Map<String, List<String>> effects = readEffects();
      int total = effects.values().stream().mapToInt(List::size).sum();
      boolean complete = history.ackedKeys().stream().allMatch(effects::containsKey);
      stableRounds = complete && total == last ? stableRounds + 1 : 0;
      last = total;
    }
  }

  /** Per key, the consumer instances that applied it, in time order. */
  private Map<String, List<String>> readEffects() throws Exception {
    Map<String, List<String>> byKey = new HashMap<>();
    try (Connection c = env.postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT k, consumer FROM " + effectsTable + " ORDER BY at")) {
      while (rs.next()) {
        String instance = rs.getString(2).split("/", 2)[0];
        byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(instance);
      }
    }
    return byKey;
  }

  /** Every effect row of a failed schedule, for the diagnosis, into the work directory. */
  private void dumpEffects() throws Exception {
    Path out = env.workDir.resolve("effects-" + id + ".txt");
    List<String> lines = new ArrayList<>();
    try (Connection c = env.postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT k, consumer, at FROM " + effectsTable + " ORDER BY at")) {
      while (rs.next()) {
        lines.add(rs.getLong(3) + " " + rs.getString(1) + " " + rs.getString(2));
      }
    }
    Files.write(out, lines);
    log.error("harness {}: effects written to {}", id, out);
  }

  private void startConsumer(int i) {
    synchronized (consumers) {
      if (consumers[i] != null && consumers[i].isAlive()) {
        return;
      }
      try {
        starts[i]++;
        File logFile = env.workDir.resolve("consumer-" + id + "-" + i + ".log").toFile();
        consumers[i] =
            new ProcessBuilder(consumerCommand(i))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
                .start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start harness consumer " + i, e);
      }
    }
  }

  /** SIGKILL ({@code crash}) or SIGTERM (a graceful close), then waits for the JVM to end. */
  private void stopConsumer(int i, boolean crash) throws InterruptedException {
    Process p;
    synchronized (consumers) {
      p = consumers[i];
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    if (crash) {
      history.killed(instanceName(i));
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  /** The name of consumer {@code i}'s current JVM, as its effects record it. */
  private String instanceName(int i) {
    synchronized (consumers) {
      return "c" + i + "." + starts[i];
    }
  }

  /** The child JVM's command line; {@link HarnessConsumer} reads these properties. */
  List<String> consumerCommand(int i) {
    Map<String, String> p = new HashMap<>();
    p.put("endpoint", env.mq.endpoint());
    p.put("group", group);
    p.put("topic", topic);
    p.put("store", schedule.store().name());
    p.put(
        "storeUrl",
        schedule.store() == StoreKind.REDIS ? env.linkedRedisUri() : env.linkedPostgresUrl());
    p.put("prefix", "hf:" + id + ":");
    p.put("dedupTable", dedupTable);
    p.put("effectsUrl", env.postgres.jdbcUrl());
    p.put("effectsTable", effectsTable);
    p.put("dbUser", env.postgres.user());
    p.put("dbPassword", env.postgres.password());
    p.put("mode", schedule.modes().get(i).name());
    p.put("seed", String.valueOf(schedule.seed()));
    p.put("clockSkewMs", String.valueOf(schedule.clockSkews().get(i).toMillis()));
    p.put("name", instanceName(i));
    p.put("leaseMs", String.valueOf(LEASE.toMillis()));
    p.put("invisibleMs", String.valueOf(INVISIBLE.toMillis()));
    p.put("maxAttempts", String.valueOf(MAX_ATTEMPTS));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-Duser.home=" + env.workDir.resolve("home"));
    p.forEach((k, v) -> command.add("-Dharness." + k + "=" + v));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HarnessConsumer.class.getName()));
    return command;
  }

  private void cleanUp() throws Exception {
    env.postgres.dropTable(effectsTable);
    env.postgres.dropTable(dedupTable);
  }
}
