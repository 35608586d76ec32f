package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.outbox.OutboxRelay;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox under crashes of the application (child JVMs killed with SIGKILL) on PostgreSQL and
 * the testkit broker: every committed order's event is delivered and applied exactly once, no
 * rolled-back order's event is ever sent.
 */
class OutboxCrashTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topic("oc-produce", TopicType.NORMAL, 2)
              .topic("oc-relay-kill", TopicType.NORMAL, 2)
              .topic("oc-two-relays", TopicType.NORMAL, 2)
              .consumerGroup("oc-produce-g", 5)
              .consumerGroup("oc-relay-kill-g", 5)
              .consumerGroup("oc-two-relays-g", 5));

  private static HikariDataSource pool;
  private static ReliableSender sender;
  @TempDir Path dir;
  private final String outboxTable = TestDatabases.uniqueName("outbox");
  private final String orders = TestDatabases.uniqueName("orders");
  private final Ledger ledger = new Ledger();
  private final CountingMetrics metrics = new CountingMetrics();
  private JdbcOutbox outbox;
  private final List<Process> children = new ArrayList<>();

  @BeforeAll
  static void open() {
    pool = TestPools.open(TestDatabases.postgres(), 8);
    sender = Steadfast.sender(SenderConfig.builder(client()).build());
  }

  @AfterAll
  static void close() {
    sender.close();
    pool.close();
  }

  @BeforeEach
  void createTables() throws Exception {
    outbox = JdbcOutbox.builder(pool).table(outboxTable).createTable(true).build();
    execute("CREATE TABLE " + orders + " (id VARCHAR(64) PRIMARY KEY)");
  }

  @AfterEach
  void dropTables() throws Exception {
    for (Process child : children) {
      child.destroyForcibly().waitFor();
    }
    TestDatabases.postgres().dropTable(outboxTable);
    TestDatabases.postgres().dropTable(orders);
  }

  private static ClientSettings client() {
    return ClientSettings.builder(MQ.cluster().endpoint()).build();
  }

  private RunningConsumer consumer(String topic) {
    return Steadfast.consumer(
        Definitions.single(
            topic + "-g", topic, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
        ConsumerConfig.builder(client(), new InMemoryIdempotencyStore())
            .metrics(metrics)
            .invisibleDuration(Duration.ofSeconds(5))
            .build());
  }

  private OutboxRelay relay() {
    return Steadfast.outboxRelay(OutboxRelayConfig.builder(outbox, sender).build());
  }

  private Process child(String... args) throws Exception {
    Process child =
        ChildJvm.start(OutboxChild.class, dir.resolve("child-" + children.size() + ".out"), args);
    children.add(child);
    return child;
  }

  private void enqueueOrders(String topic, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      ledger.sent.add("order-" + i);
      ledger.acked.add("order-" + i); // committed: must take effect
    }
    try (Connection tx = pool.getConnection()) {
      tx.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        outbox.enqueue(tx, OutboxChild.event(topic, "order-" + i));
        if (i % 50 == 49) {
          tx.commit();
        }
      }
      tx.commit();
    }
  }

  private void awaitEveryOrderAppliedOnce(String test, String topic) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(ledger::allAckedHaveEffects);
    MQ.cluster().awaitDrained(topic + "-g", topic, Duration.ofSeconds(60));
    ledger.print(test, metrics);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  @Test
  void producerKilledAfterItsCommitsAndBeforeAnySendLosesNothing() throws Exception {
    Path committed = dir.resolve("committed");
    Process producer =
        child("produce", outboxTable, orders, "oc-produce", "20", committed.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(committed));
    producer.destroyForcibly().waitFor(); // SIGKILL: the process dies before any send
    assertThat(MQ.cluster().messageCount("oc-produce")).isZero();
    List<String> placed = orderIds();
    assertThat(placed).hasSize(20).noneMatch(id -> id.startsWith("rolled-back"));
    placed.forEach(id -> ledger.acked.add(id));
    ledger.sent.addAll(placed);

    // The restarted application: a relay and the consumers.
    try (RunningConsumer consumer = consumer("oc-produce");
        OutboxRelay relay = relay()) {
      awaitEveryOrderAppliedOnce("outbox-producer-crash", "oc-produce");
    }
    assertThat(MQ.cluster().messageCount("oc-produce")).as("rolled back: never sent").isEqualTo(20);
    assertThat(ledger.processedKeys()).isEqualTo(20);
  }

  @Test
  void relayKilledMidBatchDeliversEveryRowWithEachEffectOnce() throws Exception {
    enqueueOrders("oc-relay-kill", 1000);
    Process relayJvm = child("relay", outboxTable, MQ.cluster().endpoint(), "3000");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> MQ.cluster().messageCount("oc-relay-kill") >= 50);
    relayJvm.destroyForcibly().waitFor(); // SIGKILL mid-batch
    long storedAtKill = MQ.cluster().messageCount("oc-relay-kill");
    long sentAtKill = countRows("state = 'SENT'");
    System.out.printf(
        "[outbox-relay-kill] at the kill: %d stored by the broker, %d rows marked sent, %d still pending%n",
        storedAtKill, sentAtKill, countRows("state = 'PENDING'"));
    assertThat(countRows("state = 'PENDING'")).as("killed before the end").isPositive();

    try (RunningConsumer consumer = consumer("oc-relay-kill");
        OutboxRelay relay = relay()) {
      awaitEveryOrderAppliedOnce("outbox-relay-kill", "oc-relay-kill");
      // Rows the killed relay had sent but not marked are sent again (and dropped by the
      // consumer) only once its 3 s lease has run out, which can be after every effect arrived.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> countRows("state <> 'SENT'") == 0);
    }
    System.out.printf(
        "[outbox-relay-kill] copies sent again after the kill, dropped by the consumer: %d%n",
        MQ.cluster().messageCount("oc-relay-kill") - 1000);
  }

  @Test
  void twoApplicationInstancesRelayingOneOutboxDeliverEveryRowOnce() throws Exception {
    Process other = child("relay", outboxTable, MQ.cluster().endpoint(), "120000");
    await().atMost(Duration.ofSeconds(60)).until(() -> started(dir.resolve("child-0.out")));
    try (RunningConsumer consumer = consumer("oc-two-relays");
        OutboxRelay relay = relay()) {
      enqueueOrders("oc-two-relays", 400);
      awaitEveryOrderAppliedOnce("outbox-two-relays", "oc-two-relays");
    }
    assertThat(other.isAlive()).isTrue();
    assertThat(MQ.cluster().messageCount("oc-two-relays")).as("no row sent twice").isEqualTo(400);
  }

  private static boolean started(Path output) throws Exception {
    return Files.exists(output) && Files.readString(output).contains("relay started");
  }

  private List<String> orderIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM " + orders)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private long countRows(String condition) throws Exception {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM " + outboxTable + " WHERE " + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
