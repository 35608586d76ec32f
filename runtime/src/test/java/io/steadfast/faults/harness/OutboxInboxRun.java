package io.steadfast.faults.harness;

import io.steadfast.inbox.JdbcInbox;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;

/**
 * Runs one outbox and inbox schedule: an order service JVM ({@link HarnessApplication}) places
 * orders with outbox rows over the window and relays them; two inbox consumer JVMs ({@link
 * HarnessInboxConsumer}) store, ack and handle them. The schedule's faults kill the application
 * (between a commit and its send, or mid-relay) and the consumers, and break the store and the
 * network. Then every fault is healed and the effects settle.
 *
 * <p>The history: every committed order (a row of the orders table, whatever the application
 * learned of its commit) must have exactly one effect, and no rolled-back order any. The effect
 * commits with its inbox row, so no duplicate is ever allowed.
 */
final class OutboxInboxRun {
  /** Longer than the longest store fault (5 s): renewals resume before a lease ends. */
  private static final Duration INBOX_LEASE = Duration.ofSeconds(6);

  /** A killed relay's rows wait this long: a copy if it is too short, never a loss. */
  private static final Duration RELAY_LEASE = Duration.ofSeconds(10);

  private static final int MAX_ATTEMPTS = 60;
  private static final Duration DRAIN = Duration.ofSeconds(180);

  private final HarnessEnvironment env;
  private final FaultSchedule schedule;
  private final int orders;
  private final Duration window;
  private final String id;
  private final String topic;
  private final String group;
  private final String ordersTable = TestDatabases.uniqueName("harness_orders");
  private final String outboxTable = TestDatabases.uniqueName("harness_outbox");
  private final String inboxTable = TestDatabases.uniqueName("harness_inbox");
  private final ChildProcesses children;
  private final FaultInjector faults;
  private final History history = new History(true);
  private final Path stopOrders;
  private EffectsTable effects;

  OutboxInboxRun(HarnessEnvironment env, FaultSchedule schedule, int orders, Duration window) {
    this.env = env;
    this.schedule = schedule;
    this.orders = orders;
    this.window = window;
    this.id = Long.toUnsignedString(schedule.seed(), 36);
    this.topic = "hfo-" + id;
    this.group = "hfo-g-" + id;
    this.stopOrders = env.workDir.resolve("stop-orders-" + id);
    this.children = new ChildProcesses(env.workDir, id, this::command);
    this.faults =
        new FaultInjector(env, children, env.postgresLink, schedule.transport().link(env.mq), id);
  }

  HarnessRun.Report run() throws Exception {
    long began = System.nanoTime();
    prepare();
    try {
      children.start("app");
      for (int i = 0; i < FaultSchedule.CONSUMERS; i++) {
        children.start("c" + i);
      }
      // The window starts once all three JVMs run: a fault before would find nothing to break.
      for (String slot : List.of("app", "c0", "c1")) {
        children.awaitStarted(slot, "started", Duration.ofMinutes(3));
      }
      long start = System.nanoTime();
      faults.startAll(schedule.faults(), start).get(10, TimeUnit.MINUTES);
      long left = start + window.toNanos() - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
      Files.writeString(stopOrders, "the window ended");
      faults.recover();
      effects.awaitSettled(this::committedOrders, DRAIN);
    } finally {
      children.stopAll();
    }
    List<String> committed = committedOrders();
    committed.forEach(k -> history.sent(k, CompletableFuture.completedFuture(null)));
    effects.check(history, children.killed(), env.workDir.resolve("effects-" + id + ".txt"));
    HarnessRun.Report report =
        HarnessRun.Report.of(schedule, committed.size(), history, faults.injected(), began);
    cleanUp();
    return report;
  }

  private void prepare() throws Exception {
    env.mq.createTopic(topic, TopicType.NORMAL, 4);
    env.mq.createConsumerGroup(group, MAX_ATTEMPTS);
    effects = new EffectsTable(env.postgres);
    try (Connection c = env.postgres.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + ordersTable + " (id VARCHAR(100) PRIMARY KEY)");
    }
    // Created once here, so the children never race to create them.
    UnpooledDataSource ds =
        new UnpooledDataSource(
            "org.postgresql.Driver",
            env.postgres.jdbcUrl(),
            env.postgres.user(),
            env.postgres.password());
    JdbcOutbox.builder(ds).table(outboxTable).createTable(true).build();
    JdbcInbox.builder(ds).table(inboxTable).createTable(true).build();
  }

  /** The orders whose transactions committed, read past the fault link. */
  private List<String> committedOrders() {
    List<String> ids = new ArrayList<>();
    try (Connection c = env.postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM " + ordersTable)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + ordersTable, e);
    }
    return ids;
  }

  /**
   * The command line of slot {@code app} ({@link HarnessApplication}) or {@code c<i>} ({@link
   * HarnessInboxConsumer}); both reach PostgreSQL through its fault link.
   */
  List<String> command(String slot, String instance) {
    Map<String, String> p = new HashMap<>();
    HarnessProperties.putClient(p, schedule.transport(), env.mq);
    p.put("topic", topic);
    p.put("name", instance);
    p.put("dbUrl", env.linkedPostgresUrl());
    p.put("dbUser", env.postgres.user());
    p.put("dbPassword", env.postgres.password());
    if (slot.equals("app")) {
      p.put("ordersTable", ordersTable);
      p.put("outboxTable", outboxTable);
      p.put("stopFile", stopOrders.toString());
      p.put("pauseMs", String.valueOf(Math.max(1, window.toMillis() / orders)));
      p.put("relayLeaseMs", String.valueOf(RELAY_LEASE.toMillis()));
      return ChildProcesses.javaCommand(env.workDir, p, HarnessApplication.class);
    }
    p.put("group", group);
    p.put("inboxTable", inboxTable);
    p.put("effectsTable", effects.name);
    p.put("seed", String.valueOf(schedule.seed()));
    p.put("leaseMs", String.valueOf(INBOX_LEASE.toMillis()));
    p.put("maxAttempts", String.valueOf(MAX_ATTEMPTS));
    return ChildProcesses.javaCommand(env.workDir, p, HarnessInboxConsumer.class);
  }

  private void cleanUp() throws Exception {
    effects.drop();
    for (String table : List.of(ordersTable, outboxTable, inboxTable)) {
      env.postgres.dropTable(table);
    }
  }
}
