package io.steadfast.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay against a real broker, on an H2 outbox: committed rows are sent promptly and once,
 * rolled-back ones never; a permanent failure parks its row until a replay; a message group's rows
 * go out one after another in enqueue order; two relays on one table send every row once.
 */
class OutboxRelayTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topic("ob-orders", TopicType.NORMAL, 2)
              .topic("ob-valid", TopicType.NORMAL, 1)
              .topic("ob-fifo", TopicType.FIFO, 2)
              .topic("ob-shared", TopicType.NORMAL, 2));

  private static ReliableSender sender;
  private JdbcConnectionPool pool;
  private JdbcOutbox outbox;
  private final CountingMetrics metrics = new CountingMetrics();

  @BeforeAll
  static void startSender() {
    sender =
        Steadfast.sender(
            SenderConfig.builder(ClientSettings.builder(MQ.cluster().endpoint()).build()).build());
  }

  @AfterAll
  static void closeSender() {
    sender.close();
  }

  @BeforeEach
  void openOutbox() {
    pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:relay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    outbox = JdbcOutbox.builder(pool).createTable(true).build();
  }

  @AfterEach
  void closeOutbox() {
    pool.dispose();
  }

  private OutboxRelayConfig.Builder relayConfig(OutboxStore store, ReliableSender through) {
    return OutboxRelayConfig.builder(store, through)
        .metrics(metrics)
        .backlogInterval(Duration.ofMillis(100))
        .retryDelays(Duration.ofMillis(200), Duration.ofSeconds(1));
  }

  private void enqueue(boolean commit, OutgoingMessage... messages) throws Exception {
    try (Connection tx = pool.getConnection()) {
      tx.setAutoCommit(false);
      for (OutgoingMessage m : messages) {
        outbox.enqueue(tx, m);
      }
      if (commit) {
        tx.commit();
      } else {
        tx.rollback();
      }
    }
  }

  private static OutgoingMessage order(String topic, String id) {
    return OutgoingMessage.builder(topic).tag("created").key(id).payload(id).build();
  }

  @Test
  void committedRowsAreSentPromptlyAndOnceRolledBackOnesNever() throws Exception {
    // A poll interval far above the wait below: only the wake-up after enqueue can explain a send.
    try (OutboxRelay relay =
        Steadfast.outboxRelay(
            relayConfig(outbox, sender).pollInterval(Duration.ofMinutes(5)).build())) {
      for (int i = 0; i < 20; i++) {
        enqueue(true, order("ob-orders", "o-" + i));
        enqueue(false, order("ob-orders", "rolled-back-" + i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> metrics.outboxSentCount() >= 20);
      await().atMost(Duration.ofSeconds(10)).until(() -> metrics.outboxPending() == 0);
    }
    assertThat(MQ.cluster().messageCount("ob-orders")).isEqualTo(20);
    assertThat(outbox.backlog().pending()).isZero();
    assertThat(metrics.outboxSentCount()).isEqualTo(20);
  }

  @Test
  void aPermanentFailureParksTheRowAndAReplaySendsItOnce() throws Exception {
    enqueue(true, order("ob-late", "late-1"), order("ob-valid", "valid-1"));
    try (OutboxRelay relay = Steadfast.outboxRelay(relayConfig(outbox, sender).build())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.outboxParkedCount() == 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> metrics.outboxSentCount() == 1);
      List<ParkedMessage> parked = outbox.parked(10);
      assertThat(parked).hasSize(1);
      assertThat(parked.get(0).topic()).isEqualTo("ob-late");
      assertThat(parked.get(0).reason()).contains("TOPIC_NOT_FOUND");
      await().atMost(Duration.ofSeconds(10)).until(() -> metrics.outboxPending() == 0);

      MQ.cluster().createTopic("ob-late", TopicType.NORMAL, 1); // the fix
      // The proxy and the client cache the missing route for a while: until they see the new
      // topic, a replayed row is refused before it is stored and parked again.
      long id = parked.get(0).id();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                outbox.replay(id); // false while the row is pending or sent
                return metrics.outboxSentCount() == 2;
              });
    }
    assertThat(MQ.cluster().messageCount("ob-late")).isEqualTo(1);
    assertThat(MQ.cluster().messageCount("ob-valid")).isEqualTo(1);
    assertThat(outbox.parked(10)).isEmpty();
  }

  @Test
  void theRowsOfAMessageGroupAreSentOneAfterAnotherInEnqueueOrder() throws Exception {
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (String group : List.of("customer-a", "customer-b")) {
        messages.add(
            OutgoingMessage.builder("ob-fifo")
                .messageGroup(group)
                .key(group + "-" + i)
                .payload("x")
                .build());
      }
    }
    enqueue(true, messages.toArray(OutgoingMessage[]::new));
    RecordingSender recording = new RecordingSender(sender);
    try (OutboxRelay relay =
        Steadfast.outboxRelay(relayConfig(outbox, recording).batchSize(7).build())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.outboxSentCount() == 20);
    }
    List<String> events = List.copyOf(recording.events);
    for (String group : List.of("customer-a", "customer-b")) {
      List<OutgoingMessage> inGroup =
          messages.stream().filter(m -> m.messageGroup().equals(group)).toList();
      for (int i = 1; i < inGroup.size(); i++) {
        int previousAck = events.indexOf("ack " + inGroup.get(i - 1).steadfastId());
        int start = events.indexOf("start " + inGroup.get(i).steadfastId());
        assertThat(previousAck).as("ack of %s row %d", group, i - 1).isNotNegative();
        assertThat(start)
            .as("%s row %d starts after the ack of row %d", group, i, i - 1)
            .isGreaterThan(previousAck);
      }
    }
    assertThat(MQ.cluster().messageCount("ob-fifo")).isEqualTo(20);
  }

  @Test
  void twoRelaysOnOneTableSendEveryRowOnce() throws Exception {
    JdbcOutbox second = JdbcOutbox.builder(pool).build();
    // Each relay's first send waits until the other has started one: both hold claimed rows at
    // once, so a row sent twice would show, and neither can drain the table alone.
    CountDownLatch bothSending = new CountDownLatch(2);
    RecordingSender first = new RecordingSender(sender, bothSending);
    RecordingSender other = new RecordingSender(sender, bothSending);
    for (int i = 0; i < 10; i++) {
      List<OutgoingMessage> batch = new ArrayList<>();
      for (int j = 0; j < 10; j++) {
        batch.add(order("ob-shared", "s-" + i + "-" + j));
      }
      enqueue(true, batch.toArray(OutgoingMessage[]::new));
    }
    try (OutboxRelay a = Steadfast.outboxRelay(relayConfig(outbox, first).batchSize(8).build());
        OutboxRelay b = Steadfast.outboxRelay(relayConfig(second, other).batchSize(8).build())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.outboxSentCount() == 100);
    }
    System.out.printf("[two-relays] sends: first %d, second %d%n", first.starts(), other.starts());
    assertThat(first.starts() + other.starts()).as("no row sent twice").isEqualTo(100);
    assertThat(first.starts()).as("both relays worked").isPositive();
    assertThat(other.starts()).isPositive();
    assertThat(MQ.cluster().messageCount("ob-shared")).isEqualTo(100);
  }
}
