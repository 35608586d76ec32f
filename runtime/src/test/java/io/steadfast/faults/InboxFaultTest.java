package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.inbox.JdbcInbox;
import io.steadfast.inbox.ParkedInboxMessage;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox consumer against the testkit broker: acked messages survive a SIGKILLed consumer
 * (PostgreSQL), copies are recognised on arrival, a poison message is parked while the others go on
 * and runs once after a replay, a transactional handler's writes commit with its row, a handler
 * slower than its lease keeps its row from a second consumer (H2).
 */
class InboxFaultTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topic("ib-crash", TopicType.NORMAL, 2)
              .topic("ib-copies", TopicType.NORMAL, 2)
              .topic("ib-poison", TopicType.NORMAL, 2)
              .topic("ib-tx", TopicType.NORMAL, 2)
              .topic("ib-slow", TopicType.NORMAL, 2)
              .consumerGroup("ib-crash-g", 5)
              .consumerGroup("ib-copies-g", 5)
              .consumerGroup("ib-poison-g", 5)
              .consumerGroup("ib-tx-g", 5)
              .consumerGroup("ib-slow-g", 5));

  private static ReliableSender sender;
  @TempDir Path dir;
  private final Ledger ledger = new Ledger();
  private final CountingMetrics metrics = new CountingMetrics();
  private JdbcConnectionPool h2;
  private JdbcInbox inbox;

  @BeforeAll
  static void startSender() {
    sender = Steadfast.sender(SenderConfig.builder(client()).build());
  }

  @AfterAll
  static void closeSender() {
    sender.close();
  }

  @BeforeEach
  void openH2Inbox() {
    h2 =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    inbox = JdbcInbox.builder(h2).createTable(true).build();
  }

  @AfterEach
  void closeH2() {
    h2.dispose();
  }

  private static ClientSettings client() {
    return ClientSettings.builder(MQ.cluster().endpoint()).build();
  }

  private InboxConfig.Builder config(JdbcInbox on) {
    return InboxConfig.builder(client(), on)
        .metrics(metrics)
        .retryDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(200))
        .shutdownTimeout(Duration.ofSeconds(5));
  }

  private void send(String topic, String... orderIds) {
    for (String id : orderIds) {
      ledger.sent.add(id);
      sender.send(OutboxChild.event(topic, id));
      ledger.acked.add(id);
    }
  }

  private static String[] orders(String prefix, int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = prefix + "-" + i;
    }
    return ids;
  }

  private void assertEachOnce(String test) {
    ledger.print(test, metrics);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  @Test
  void aConsumerKilledAfterTheAcksAndBeforeItsHandlersLosesNothing() throws Exception {
    String table = TestDatabases.uniqueName("inbox");
    try (HikariDataSource pg = TestPools.open(TestDatabases.postgres(), 4)) {
      JdbcInbox pgInbox = JdbcInbox.builder(pg).table(table).createTable(true).build();
      Path output = dir.resolve("child.out");
      Process child =
          ChildJvm.start(
              InboxChild.class,
              output,
              table,
              MQ.cluster().endpoint(),
              "ib-crash-g",
              "ib-crash",
              "3000");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.exists(output) && Files.readString(output).contains("started"));
        send("ib-crash", orders("crash", 30));
        // Every message stored and acked; no handler finished (they all hang).
        MQ.cluster().awaitDrained("ib-crash-g", "ib-crash", Duration.ofSeconds(60));
        assertThat(pgInbox.pending("ib-crash-g")).isEqualTo(30);
      } finally {
        child.destroyForcibly().waitFor(); // SIGKILL
      }
      try (RunningConsumer restarted =
          Steadfast.inboxConsumer(
              Definitions.single(
                  "ib-crash-g",
                  "ib-crash",
                  OrderEvent.class,
                  (e, ctx, tx) -> ledger.effect(e.orderId())),
              config(pgInbox).build())) {
        await().atMost(Duration.ofSeconds(60)).until(ledger::allAckedHaveEffects);
        await().atMost(Duration.ofSeconds(10)).until(() -> pgInbox.pending("ib-crash-g") == 0);
      }
      assertEachOnce("inbox-consumer-crash");
    } finally {
      TestDatabases.postgres().dropTable(table);
    }
  }

  @Test
  void copiesAreRecognisedOnArrivalAndHandledOnce() {
    try (RunningConsumer consumer =
        Steadfast.inboxConsumer(
            Definitions.single(
                "ib-copies-g",
                "ib-copies",
                OrderEvent.class,
                (e, ctx, tx) -> ledger.effect(e.orderId())),
            config(inbox).build())) {
      String[] ids = orders("copy", 20);
      send("ib-copies", ids);
      send("ib-copies", ids[0], ids[1], ids[2]); // producer duplicates: same keys
      await().atMost(Duration.ofSeconds(60)).until(ledger::allAckedHaveEffects);
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.duplicatesSuppressedCount() == 3);
      MQ.cluster().awaitDrained("ib-copies-g", "ib-copies", Duration.ofSeconds(60));
    }
    assertEachOnce("inbox-copies");
    assertThat(metrics.inboxStoredCount()).isEqualTo(20);
    assertThat(metrics.processedCount()).isEqualTo(20);
  }

  @Test
  void aPoisonMessageIsParkedTheOthersGoOnAndAReplayAfterTheFixAppliesItOnce() {
    AtomicBoolean fixed = new AtomicBoolean();
    try (RunningConsumer consumer =
        Steadfast.inboxConsumer(
            Definitions.single(
                "ib-poison-g",
                "ib-poison",
                OrderEvent.class,
                (e, ctx, tx) -> {
                  if (e.orderId().equals("poison") && !fixed.get()) {
                    throw new IllegalStateException("cannot handle " + e.orderId());
                  }
                  ledger.effect(e.orderId());
                }),
            config(inbox).maxAttempts(3).build())) {
      send("ib-poison", "poison");
      send("ib-poison", orders("fine", 10));
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.inboxParkedCount() == 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> ledger.processedKeys() == 10);
      List<ParkedInboxMessage> parked = inbox.parked("ib-poison-g", 10);
      assertThat(parked).hasSize(1);
      assertThat(parked.get(0).attempts()).isEqualTo(3);
      assertThat(parked.get(0).reason()).contains("cannot handle poison");
      assertThat(ledger.effectCount("poison")).isZero();

      fixed.set(true); // the fix
      assertThat(inbox.replay(parked.get(0).id())).isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> ledger.effectCount("poison") == 1);
      assertThat(metrics.inboxRetriesCount()).isEqualTo(2);
    }
    assertEachOnce("inbox-poison");
  }

  @Test
  void aTransactionalHandlersWritesCommitWithItsRow() throws Exception {
    try (Connection c = h2.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE invoice (order_id VARCHAR(64) NOT NULL)");
    }
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (RunningConsumer consumer =
        Steadfast.inboxConsumer(
            Definitions.transactional(
                "ib-tx-g",
                "ib-tx",
                OrderEvent.class,
                (e, ctx, tx) -> {
                  try (PreparedStatement insert =
                      tx.getConnection().prepareStatement("INSERT INTO invoice VALUES (?)")) {
                    insert.setString(1, e.orderId());
                    insert.executeUpdate();
                  }
                  if (e.orderId().endsWith("3")
                      && attempts
                              .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                              .incrementAndGet()
                          == 1) {
                    throw new IllegalStateException("fails after writing: must roll back");
                  }
                }),
            config(inbox).build())) {
      send("ib-tx", orders("tx", 20));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> inbox.pending("ib-tx-g") == 0 && metrics.processedCount() == 20);
    }
    try (Connection c = h2.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT order_id FROM invoice")) {
      while (rs.next()) {
        ledger.effect(rs.getString(1));
      }
    }
    assertEachOnce("inbox-transactional");
    assertThat(ledger.totalEffects()).isEqualTo(20);
    assertThat(attempts.get("tx-3")).hasValue(2);
  }

  @Test
  void aHandlerSlowerThanItsLeaseKeepsItsRowFromASecondConsumer() {
    // Two instances of one group on one table; each handler runs 3.5 leases. Without renewal the
    // lease runs out under the handler and the other instance (or a free worker) runs it again.
    Duration lease = Duration.ofSeconds(1);
    Duration handlerTime = Duration.ofMillis(3500);
    var definition =
        Definitions.single(
            "ib-slow-g",
            "ib-slow",
            OrderEvent.class,
            (e, ctx, tx) -> {
              Thread.sleep(handlerTime.toMillis());
              ledger.effect(e.orderId());
            });
    try (RunningConsumer first =
            Steadfast.inboxConsumer(definition, config(inbox).threads(2).lease(lease).build());
        RunningConsumer second =
            Steadfast.inboxConsumer(definition, config(inbox).threads(2).lease(lease).build())) {
      send("ib-slow", orders("slow", 4));
      await().atMost(Duration.ofSeconds(60)).until(ledger::allAckedHaveEffects);
      // A second run of a row would start one lease after the claim and end one handler time later.
      Duration secondRun = handlerTime.plus(lease);
      await()
          .during(secondRun)
          .atMost(secondRun.multipliedBy(2))
          .untilAsserted(
              () -> {
                assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
                assertThat(metrics.leasesLostCount()).as("leases lost").isZero();
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pending("ib-slow-g") == 0);
    }
    assertEachOnce("inbox-slow-handlers");
    assertThat(ledger.totalEffects()).isEqualTo(4);
    assertThat(metrics.processedCount()).isEqualTo(4);
  }
}
