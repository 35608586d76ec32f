package io.steadfast.faults.harness;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.faults.OrderEvent;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;

/**
 * Runs one {@link FaultSchedule}: two consumer JVMs of one group, a producer sending at a steady
 * pace and re-sending what was reported MAYBE_STORED, the schedule's faults, then every fault
 * healed, a drain until every acked send has its effect (or a deadline), and the history check.
 */
final class HarnessRun {
  /**
   * Longer than the longest store fault (6 s): a non-transactional effect whose DONE record cannot
   * be written is protected by the lease, and only while it lasts (docs/reliability.md). The
   * remoting client's push consumers need at least a minute ({@link
   * io.steadfast.testing.Transport#lease}); slow handlers run from half to twice this lease on both
   * transports.
   */
  private static final Duration LEASE = Duration.ofSeconds(10);

  private static final Duration INVISIBLE = Duration.ofSeconds(3);
  private static final int MAX_ATTEMPTS = 60;
  private static final Duration DRAIN = Duration.ofSeconds(240);

  /**
   * What one schedule did and which promises it broke. In an outbox and inbox schedule ({@link
   * OutboxInboxRun}) messages, sends and acked all count the committed orders.
   */
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

    /**
     * The report of a schedule that placed {@code messages} messages, from its checked history and
     * the faults injected, {@code beganNanos} when it began.
     */
    static Report of(
        FaultSchedule schedule,
        int messages,
        History history,
        Map<Kind, Integer> faults,
        long beganNanos) {
      return new Report(
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
          faults,
          history.violations(),
          (System.nanoTime() - beganNanos) / 1_000_000_000);
    }

    String line() {
      return String.format(
          "seed=%d transport=%s store=%s modes=%s messages=%d sends=%d acked=%d notStored=%d maybeStored=%d"
              + " resent=%d effects=%d lost=%d duplicateEffects=%d reappliedAfterCrash=%d"
              + " unreported=%d faults=%s (%d s)",
          schedule.seed(),
          schedule.transport(),
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
  private final String dedupTable;
  private final ChildProcesses consumers;
  private final FaultInjector faults;
  private final History history;
  private EffectsTable effects;

  HarnessRun(HarnessEnvironment env, FaultSchedule schedule, int messages, Duration window) {
    this.env = env;
    this.schedule = schedule;
    this.messages = messages;
    this.window = window;
    this.id = Long.toUnsignedString(schedule.seed(), 36);
    this.topic = "hf-" + id;
    this.group = "hf-g-" + id;
    this.dedupTable = TestDatabases.uniqueName("harness_dedup");
    this.history = new History(schedule.store() == StoreKind.POSTGRES_TRANSACTIONAL);
    this.consumers = new ChildProcesses(env.workDir, id, this::consumerCommand);
    FaultyLink storeLink = schedule.store() == StoreKind.REDIS ? env.redisLink : env.postgresLink;
    this.faults =
        new FaultInjector(env, consumers, storeLink, schedule.transport().link(env.mq), id);
  }

  Report run() throws Exception {
    long began = System.nanoTime();
    prepare();
    try {
      for (int i = 0; i < FaultSchedule.CONSUMERS; i++) {
        consumers.start("c" + i);
      }
      ClientSettings client =
          schedule.transport().settings(env.mq).requestTimeout(Duration.ofSeconds(6)).build();
      Queue<String> resend = new ConcurrentLinkedQueue<>();
      try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        CompletableFuture<Void> injected = faults.startAll(schedule.faults(), System.nanoTime());
        send(sender, resend);
        injected.get(10, TimeUnit.MINUTES);
        faults.recover();
        awaitReported(Duration.ofMinutes(3));
        // A producer that was told MAYBE_STORED sends the same business event again.
        for (String key : resend) {
          history.sent(key, sender.sendAsync(order(key)));
        }
        awaitReported(Duration.ofMinutes(3));
      }
      effects.awaitSettled(history::ackedKeys, DRAIN);
    } finally {
      consumers.stopAll();
    }
    effects.check(history, consumers.killed(), env.workDir.resolve("effects-" + id + ".txt"));
    Report report = Report.of(schedule, messages, history, faults.injected(), began);
    cleanUp();
    return report;
  }

  private void prepare() throws Exception {
    env.mq.createTopic(topic, TopicType.NORMAL, 4);
    env.mq.createConsumerGroup(group, MAX_ATTEMPTS);
    effects = new EffectsTable(env.postgres);
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

  private void awaitReported(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!history.allSendsReported() && System.nanoTime() < end) {
      Thread.sleep(200);
    }
  }

  /** Consumer {@code c<i>}'s command line; {@link HarnessConsumer} reads these properties. */
  List<String> consumerCommand(String slot, String instance) {
    int i = Integer.parseInt(slot.substring(1));
    Map<String, String> p = new HashMap<>();
    HarnessProperties.putClient(p, schedule.transport(), env.mq);
    p.put("group", group);
    p.put("topic", topic);
    p.put("store", schedule.store().name());
    p.put(
        "storeUrl",
        schedule.store() == StoreKind.REDIS ? env.linkedRedisUri() : env.linkedPostgresUrl());
    p.put("prefix", "hf:" + id + ":");
    p.put("dedupTable", dedupTable);
    p.put("effectsUrl", env.postgres.jdbcUrl());
    p.put("effectsTable", effects.name);
    p.put("dbUser", env.postgres.user());
    p.put("dbPassword", env.postgres.password());
    p.put("mode", schedule.modes().get(i).name());
    p.put("seed", String.valueOf(schedule.seed()));
    p.put("clockSkewMs", String.valueOf(schedule.clockSkews().get(i).toMillis()));
    p.put("name", instance);
    p.put(
        "leaseMs",
        String.valueOf(schedule.transport().lease(schedule.modes().get(i), LEASE).toMillis()));
    p.put("slowBaseMs", String.valueOf(LEASE.toMillis()));
    p.put("invisibleMs", String.valueOf(INVISIBLE.toMillis()));
    p.put("maxAttempts", String.valueOf(MAX_ATTEMPTS));
    return ChildProcesses.javaCommand(env.workDir, p, HarnessConsumer.class);
  }

  private void cleanUp() throws Exception {
    effects.drop();
    env.postgres.dropTable(dedupTable);
  }
}
