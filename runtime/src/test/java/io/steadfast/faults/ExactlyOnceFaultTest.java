package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.MessageHandler;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once effects through a real cluster (sender → broker → consumer engine → in-memory store)
 * under producer duplicates, failing handlers and competing consumers.
 */
class ExactlyOnceFaultTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topic("eo-push", TopicType.NORMAL, 2)
              .topic("eo-batch", TopicType.NORMAL, 2)
              .topic("eo-dup", TopicType.NORMAL, 2)
              .topic("eo-flaky", TopicType.NORMAL, 2)
              .topic("eo-race", TopicType.NORMAL, 1)
              .topic("eo-poison", TopicType.NORMAL, 2)
              .topic("eo-tx", TopicType.NORMAL, 2)
              .topic("eo-error", TopicType.NORMAL, 2)
              .topic("eo-close", TopicType.NORMAL, 1)
              .topic("eo-slow-tx", TopicType.NORMAL, 1)
              .consumerGroup("eo-push-g", 5)
              .consumerGroup("eo-batch-g", 5)
              .consumerGroup("eo-dup-g", 5)
              .consumerGroup("eo-flaky-g", 5)
              .consumerGroup("eo-race-g", 10)
              .consumerGroup("eo-poison-g", 2)
              .consumerGroup("eo-tx-g", 5)
              .consumerGroup("eo-error-g", 5)
              .consumerGroup("eo-close-g", 10)
              .consumerGroup("eo-slow-tx-g", 10)
              // Dead-lettered messages keep their attempt count: the reader needs room above it.
              .consumerGroup("eo-dlq-reader", 20));

  private final CountingMetrics metrics = new CountingMetrics();
  private final Ledger ledger = new Ledger();

  /** One store per test, shared by all of its consumers as a real deployment shares one. */
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();

  private static ClientSettings client() {
    return ClientSettings.builder(MQ.cluster().endpoint())
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static ReliableSender sender() {
    return Steadfast.sender(SenderConfig.builder(client()).build());
  }

  private ConsumerConfig.Builder consumerConfig(Mode mode) {
    return ConsumerConfig.builder(client(), store)
        .mode(mode)
        .metrics(metrics)
        .maxDeliveryAttempts(5)
        .invisibleDuration(Duration.ofSeconds(2))
        .lease(Duration.ofSeconds(10))
        .awaitDuration(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(10));
  }

  private static OutgoingMessage event(String topic, String orderId) {
    return OutgoingMessage.builder(topic)
        .tag("created")
        .key(orderId)
        .payload(new OrderEvent(orderId, 1))
        .build();
  }

  /** Sends {@code n} orders, half sync and half async, and records sent and acked keys. */
  private void sendOrders(ReliableSender sender, String topic, int n) {
    sendOrders(sender, topic, 0, n);
  }

  private void sendOrders(ReliableSender sender, String topic, int from, int n) {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String key = topic + "-" + i;
      ledger.sent.add(key);
      if (i % 2 == 0) {
        sender.send(event(topic, key));
        ledger.acked.add(key);
      } else {
        futures.add(sender.sendAsync(event(topic, key)).thenRun(() -> ledger.acked.add(key)));
      }
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  private void awaitAllProcessed() {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(ledger::allAckedHaveEffects);
  }

  private void assertExactlyOnce(String test) {
    ledger.print(test, metrics);
    assertThat(ledger.acked).hasSize(ledger.sent.size());
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  @Test
  void pushConsumerProcessesEveryAckedMessageOnce() {
    try (ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-push-g",
                    "eo-push",
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                consumerConfig(Mode.PUSH).build())) {
      sendOrders(sender, "eo-push", 200);
      awaitAllProcessed();
    }
    assertExactlyOnce("push");
    assertThat(metrics.processedCount()).isEqualTo(200);
  }

  @Test
  void batchConsumerProcessesEveryAckedMessageOnce() {
    try (ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-batch-g",
                    "eo-batch",
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                consumerConfig(Mode.BATCH).threads(2).build())) {
      sendOrders(sender, "eo-batch", 200);
      awaitAllProcessed();
    }
    assertExactlyOnce("batch");
  }

  /** Fault 1: the same logical message sent twice (same id; and same key under a new id). */
  @Test
  void producerDuplicatesCauseOneEffect() {
    try (ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-dup-g",
                    "eo-dup",
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                consumerConfig(Mode.BATCH).build())) {
      for (int i = 0; i < 50; i++) {
        String key = "dup-" + i;
        OutgoingMessage message = event("eo-dup", key);
        ledger.sent.add(key);
        sender.send(message);
        sender.send(message); // a resend after an unclear outcome: same steadfast-id and key
        sender.send(event("eo-dup", key)); // same key, fresh steadfast-id
        ledger.acked.add(key);
      }
      awaitAllProcessed();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> metrics.duplicatesSuppressedCount() >= 100);
    }
    assertExactlyOnce("producer-duplicates");
    assertThat(metrics.duplicatesSuppressedCount()).isGreaterThanOrEqualTo(100);
  }

  /** Fault 2: 10% of the handlers throw on their first two attempts. */
  @Test
  void failingHandlersAreRetriedUntilEachMessageTookEffectOnce() {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-flaky-g",
                    "eo-flaky",
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      int n =
                          attempts
                              .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                              .incrementAndGet();
                      if (e.orderId().endsWith("0") && n <= 2) {
                        throw new IllegalStateException(
                            "injected failure " + n + " for " + e.orderId());
                      }
                      ledger.effect(e.orderId());
                    }),
                consumerConfig(Mode.PUSH).build())) {
      sendOrders(sender, "eo-flaky", 100);
      awaitAllProcessed();
    }
    assertExactlyOnce("failing-handlers");
    assertThat(attempts.get("eo-flaky-10")).hasValue(3);
    assertThat(metrics.releasedCount()).isEqualTo(20);
  }

  /**
   * Fault 4: two consumers of one group hold copies of the same logical message at the same time.
   * Consumer A's only thread is stuck in the slow handler, so the second copy can only go to
   * consumer B, which must see the key IN_PROGRESS and leave the copy for later.
   */
  @Test
  void competingConsumersCauseOneEffect() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<RunningConsumer> consumers = new ArrayList<>();
    try (ReliableSender sender = sender()) {
      for (int i = 0; i < 2; i++) {
        consumers.add(
            Steadfast.consumer(
                Definitions.single(
                    "eo-race-g",
                    "eo-race",
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      firstStarted.countDown();
                      release.await(60, TimeUnit.SECONDS);
                      ledger.effect(e.orderId());
                    }),
                consumerConfig(Mode.BATCH).threads(1).batchSize(1).build()));
      }
      ledger.sent.add("race-1");
      sender.send(event("eo-race", "race-1"));
      ledger.acked.add("race-1");
      assertThat(firstStarted.await(60, TimeUnit.SECONDS)).isTrue();
      sender.send(event("eo-race", "race-1"));

      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.inProgressSkippedCount() >= 1);
      release.countDown();
      awaitAllProcessed();
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.duplicatesSuppressedCount() >= 1);
    } finally {
      consumers.forEach(RunningConsumer::close);
    }
    assertExactlyOnce("competing-consumers");
    assertThat(ledger.effectCount("race-1")).isEqualTo(1);
  }

  /**
   * Fault 6: an undecodable message goes to the dead-letter queue; the rest of the stream flows.
   */
  @Test
  void poisonMessageGoesToTheDeadLetterQueueAndTheRestFlows() throws Exception {
    String poisonId;
    try (SimpleConsumer dlq =
            ClientServiceProvider.loadService()
                .newSimpleConsumerBuilder()
                .setClientConfiguration(client().toClientConfiguration())
                .setConsumerGroup("eo-dlq-reader")
                .setSubscriptionExpressions(Map.of("%DLQ%eo-poison-g", FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(1))
                .build();
        ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-poison-g",
                    "eo-poison",
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                consumerConfig(Mode.PUSH).maxDeliveryAttempts(2).build())) {
      assertThat(dlq.receive(1, Duration.ofSeconds(10))).isEmpty();
      sendOrders(sender, "eo-poison", 20);
      // A String body where an OrderEvent is expected: the codec cannot decode it.
      poisonId =
          sender
              .send(
                  OutgoingMessage.builder("eo-poison")
                      .key("poison")
                      .payload("not an order")
                      .build())
              .steadfastId();
      sendOrders(sender, "eo-poison", 20, 20);

      awaitAllProcessed();
      await().atMost(Duration.ofSeconds(120)).until(() -> metrics.deadLetterBoundCount() >= 1);
      List<MessageView> dead =
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> dlq.receive(1, Duration.ofSeconds(10)), views -> !views.isEmpty());
      assertThat(dead.get(0).getProperties())
          .containsEntry(MessageProperties.STEADFAST_ID, poisonId);
      dlq.ack(dead.get(0));
    }
    assertExactlyOnce("poison");
    assertThat(ledger.effectCount("poison")).isZero();
  }

  /**
   * Transactional mode: the handler's own insert, the claim and the DONE mark share one H2
   * transaction, so the inserts of handlers that fail after writing roll back with their claims.
   */
  @Test
  void transactionalHandlersCommitTheirWritesWithTheDedupRecord() throws Exception {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (MyBatisIdempotencyStore h2 =
        MyBatisIdempotencyStore.h2InMemory("eo-tx-" + UUID.randomUUID())) {
      try (SqlSession setup = h2.openSession();
          Statement st = setup.getConnection().createStatement()) {
        st.execute("CREATE TABLE invoice (order_id VARCHAR(64) NOT NULL)");
        setup.commit(true);
      }
      try (ReliableSender sender = sender();
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.transactional(
                      "eo-tx-g",
                      "eo-tx",
                      OrderEvent.class,
                      (e, ctx, tx) -> {
                        try (PreparedStatement insert =
                            tx.getConnection().prepareStatement("INSERT INTO invoice VALUES (?)")) {
                          insert.setString(1, e.orderId());
                          insert.executeUpdate();
                        }
                        int n =
                            attempts
                                .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (e.orderId().endsWith("3") && n == 1) {
                          throw new IllegalStateException("fails after writing: must roll back");
                        }
                      }),
                  ConsumerConfig.builder(client(), h2)
                      .mode(Mode.BATCH)
                      .metrics(metrics)
                      .invisibleDuration(Duration.ofSeconds(2))
                      .lease(Duration.ofSeconds(10))
                      .awaitDuration(Duration.ofSeconds(1))
                      .build())) {
        sendOrders(sender, "eo-tx", 50);
        sender.send(event("eo-tx", "eo-tx-0")); // a producer duplicate
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> invoices(h2).size() >= 50 && metrics.duplicatesSuppressedCount() >= 1);
      }
      List<String> rows = invoices(h2);
      rows.forEach(ledger::effect);
      assertExactlyOnce("transactional");
      assertThat(rows).hasSize(50);
      assertThat(attempts.get("eo-tx-3")).hasValue(2);
    }
  }

  /** An {@code Error} from a handler (BATCH, one loop) must not stop the consumer. */
  @Test
  void anErrorThrownByAHandlerDoesNotStopTheConsumer() {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (ReliableSender sender = sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    "eo-error-g",
                    "eo-error",
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      int n =
                          attempts
                              .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                              .incrementAndGet();
                      if (n == 1 && e.orderId().endsWith("-0")) {
                        throw new AssertionError("an Error on the first attempt");
                      }
                      ledger.effect(e.orderId());
                    }),
                consumerConfig(Mode.BATCH).threads(1).build())) {
      sendOrders(sender, "eo-error", 11);
      awaitAllProcessed();
    }
    assertExactlyOnce("error");
  }

  /**
   * A consumer closed while its handler runs (shutdown timeout 1 s, handler 6 s), then a new
   * consumer of the group: the redelivered copy must wait for the running handler, not repeat it.
   */
  @Test
  void closingMidHandlerAndStartingAnotherConsumerAppliesTheEffectOnce() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    MessageHandler<OrderEvent> slow =
        (e, ctx, tx) -> {
          started.countDown();
          Thread.sleep(6_000);
          ledger.effect(e.orderId());
        };
    try (ReliableSender sender = sender()) {
      RunningConsumer first =
          Steadfast.consumer(
              Definitions.single("eo-close-g", "eo-close", OrderEvent.class, slow),
              consumerConfig(Mode.BATCH).threads(1).shutdownTimeout(Duration.ofSeconds(1)).build());
      sendOrders(sender, "eo-close", 1);
      assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
      first.close();
      try (RunningConsumer second =
          Steadfast.consumer(
              Definitions.single(
                  "eo-close-g",
                  "eo-close",
                  OrderEvent.class,
                  (e, ctx, tx) -> ledger.effect(e.orderId())),
              consumerConfig(Mode.BATCH).build())) {
        awaitAllProcessed();
        // Long enough for the copy to come back (invisible 2 s) and be suppressed.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> metrics.duplicatesSuppressedCount() >= 1);
      }
    }
    assertExactlyOnce("close-mid-handler");
  }

  /**
   * A transactional handler slower than its lease and its invisible duration (BATCH, H2): the
   * message stays invisible, and the completion takes effect although the lease ran out.
   */
  @Test
  void transactionalHandlerSlowerThanItsLeaseWritesOnce() throws Exception {
    try (MyBatisIdempotencyStore h2 =
        MyBatisIdempotencyStore.h2InMemory("eo-slow-tx-" + UUID.randomUUID())) {
      try (SqlSession setup = h2.openSession();
          Statement st = setup.getConnection().createStatement()) {
        st.execute("CREATE TABLE invoice (order_id VARCHAR(64) NOT NULL)");
        setup.commit(true);
      }
      try (ReliableSender sender = sender();
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.transactional(
                      "eo-slow-tx-g",
                      "eo-slow-tx",
                      OrderEvent.class,
                      (e, ctx, tx) -> {
                        Thread.sleep(9_000);
                        try (PreparedStatement insert =
                            tx.getConnection().prepareStatement("INSERT INTO invoice VALUES (?)")) {
                          insert.setString(1, e.orderId());
                          insert.executeUpdate();
                        }
                      }),
                  ConsumerConfig.builder(client(), h2)
                      .mode(Mode.BATCH)
                      .threads(2)
                      .metrics(metrics)
                      .invisibleDuration(Duration.ofSeconds(3))
                      .lease(Duration.ofSeconds(4))
                      .awaitDuration(Duration.ofSeconds(1))
                      .build())) {
        sendOrders(sender, "eo-slow-tx", 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> invoices(h2).size() >= 1);
        // Room for a copy to show up and be handled again, as it was before the fix.
        Thread.sleep(12_000);
      }
      invoices(h2).forEach(ledger::effect);
      assertExactlyOnce("slow-transactional");
    }
  }

  private static List<String> invoices(MyBatisIdempotencyStore h2) throws Exception {
    try (SqlSession s = h2.openSession();
        ResultSet rs =
            s.getConnection().createStatement().executeQuery("SELECT order_id FROM invoice")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    }
  }
}
