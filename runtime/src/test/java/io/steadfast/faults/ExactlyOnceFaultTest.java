package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.MessageHandler;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once effects through a real cluster (sender → broker → consumer engine → in-memory store)
 * under producer duplicates, failing handlers, competing consumers and poison messages, on both
 * transports, each in the mode it was written for. Handler errors and transactions: {@link
 * HandlerFaultTest}.
 */
class ExactlyOnceFaultTest {
  private static final String EVERY_MODE = "io.steadfast.testing.Transport#everyMode";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ = EmbeddedRocketMQExtension.shared(cluster());

  private static EmbeddedRocketMQ.Builder cluster() {
    EmbeddedRocketMQ.Builder cluster =
        // Dead-lettered messages keep their attempt count: the reader needs room above it.
        EmbeddedRocketMQ.builder().consumerGroup("eo-dlq-reader", 20);
    OrderFlow.declare(cluster, 2, 5, "eo-push", "eo-batch", "eo-dup", "eo-flaky");
    OrderFlow.declare(cluster, 2, 10, "eo-race");
    return OrderFlow.declare(cluster, 2, 2, "eo-poison");
  }

  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();

  private static OrderFlow flow(Transport transport) {
    return new OrderFlow(MQ.cluster(), transport);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(EVERY_MODE)
  void everyAckedMessageIsProcessedOnce(Transport transport, Mode mode) {
    OrderFlow flow = flow(transport);
    String base = "eo-" + mode.name().toLowerCase();
    try (ReliableSender sender = flow.sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group(base),
                    flow.topic(base),
                    OrderEvent.class,
                    (e, ctx, tx) -> flow.ledger.effect(e.orderId())),
                flow.consumer(store, mode).threads(2).build())) {
      flow.send(sender, flow.topic(base), 200);
      flow.awaitAllProcessed();
    }
    flow.assertExactlyOnce(base);
    assertThat(flow.metrics.processedCount()).isEqualTo(200);
  }

  /** Fault 1: the same logical message sent twice (same id; and same key under a new id). */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void producerDuplicatesCauseOneEffect(Transport transport) {
    OrderFlow flow = flow(transport);
    String topic = flow.topic("eo-dup");
    try (ReliableSender sender = flow.sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group("eo-dup"),
                    topic,
                    OrderEvent.class,
                    (e, ctx, tx) -> flow.ledger.effect(e.orderId())),
                flow.consumer(store, Mode.BATCH).build())) {
      for (int i = 0; i < 50; i++) {
        String key = "dup-" + i;
        OutgoingMessage message = OrderFlow.order(topic, key);
        flow.ledger.sent.add(key);
        sender.send(message);
        sender.send(message); // a resend after an unclear outcome: same steadfast-id and key
        sender.send(OrderFlow.order(topic, key)); // same key, fresh steadfast-id
        flow.ledger.acked.add(key);
      }
      flow.awaitAllProcessed();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> flow.metrics.duplicatesSuppressedCount() >= 100);
    }
    flow.assertExactlyOnce("producer-duplicates");
    assertThat(flow.metrics.duplicatesSuppressedCount()).isGreaterThanOrEqualTo(100);
  }

  /** Fault 2: 10% of the handlers throw on their first two attempts. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void failingHandlersAreRetriedUntilEachMessageTookEffectOnce(Transport transport) {
    OrderFlow flow = flow(transport);
    String topic = flow.topic("eo-flaky");
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (ReliableSender sender = flow.sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group("eo-flaky"),
                    topic,
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
                      flow.ledger.effect(e.orderId());
                    }),
                flow.consumer(store, Mode.PUSH).build())) {
      flow.send(sender, topic, 100);
      flow.awaitAllProcessed();
    }
    flow.assertExactlyOnce("failing-handlers");
    assertThat(attempts.get(topic + "-10")).hasValue(3);
    assertThat(flow.metrics.releasedCount()).isEqualTo(20);
  }

  /**
   * Fault 4: two consumers of one group hold copies of the same logical message at the same time.
   * The consumer that got the first copy has its only thread stuck in the slow handler; copies are
   * sent until one reaches the other consumer (on the remoting client each consumer owns one of the
   * two queues), which must see the key IN_PROGRESS and leave the copy for later.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void competingConsumersCauseOneEffect(Transport transport) throws Exception {
    OrderFlow flow = flow(transport);
    String topic = flow.topic("eo-race");
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MessageHandler<OrderEvent> slow =
        (e, ctx, tx) -> {
          firstStarted.countDown();
          release.await(60, TimeUnit.SECONDS);
          flow.ledger.effect(e.orderId());
        };
    List<RunningConsumer> consumers = new ArrayList<>();
    try (ReliableSender sender = flow.sender()) {
      for (int i = 0; i < 2; i++) {
        consumers.add(
            Steadfast.consumer(
                Definitions.single(flow.group("eo-race"), topic, OrderEvent.class, slow),
                flow.consumer(store, Mode.BATCH).threads(1).batchSize(1).build()));
      }
      flow.ledger.sent.add("race-1");
      sender.send(OrderFlow.order(topic, "race-1"));
      flow.ledger.acked.add("race-1");
      assertThat(firstStarted.await(60, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                sender.send(OrderFlow.order(topic, "race-1"));
                return flow.metrics.inProgressSkippedCount() >= 1;
              });
      release.countDown();
      flow.awaitAllProcessed();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> flow.metrics.duplicatesSuppressedCount() >= 1);
    } finally {
      consumers.forEach(RunningConsumer::close);
    }
    flow.assertExactlyOnce("competing-consumers");
    assertThat(flow.ledger.effectCount("race-1")).isEqualTo(1);
  }

  /**
   * Fault 6: an undecodable message goes to the dead-letter queue; the rest of the stream flows.
   * The dead-letter topic is read with the gRPC client whichever transport put it there.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void poisonMessageGoesToTheDeadLetterQueueAndTheRestFlows(Transport transport) throws Exception {
    OrderFlow flow = flow(transport);
    String topic = flow.topic("eo-poison");
    String poisonId;
    try (SimpleConsumer dlq =
            ClientServiceProvider.loadService()
                .newSimpleConsumerBuilder()
                .setClientConfiguration(
                    Transport.GRPC.settings(MQ.cluster()).build().toClientConfiguration())
                .setConsumerGroup("eo-dlq-reader")
                .setSubscriptionExpressions(
                    Map.of("%DLQ%" + flow.group("eo-poison"), FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(1))
                .build();
        ReliableSender sender = flow.sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group("eo-poison"),
                    topic,
                    OrderEvent.class,
                    (e, ctx, tx) -> flow.ledger.effect(e.orderId())),
                flow.consumer(store, Mode.PUSH).maxDeliveryAttempts(2).build())) {
      assertThat(MQ.cluster().messageCount("%DLQ%" + flow.group("eo-poison"))).isZero();
      flow.send(sender, topic, 20);
      // A String body where an OrderEvent is expected: the codec cannot decode it.
      poisonId =
          sender
              .send(OutgoingMessage.builder(topic).key("poison").payload("not an order").build())
              .steadfastId();
      flow.send(sender, topic, 20, 20);

      flow.awaitAllProcessed();
      await().atMost(Duration.ofSeconds(120)).until(() -> flow.metrics.deadLetterBoundCount() >= 1);
      List<MessageView> dead =
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> dlq.receive(1, Duration.ofSeconds(10)), views -> !views.isEmpty());
      assertThat(dead.get(0).getProperties())
          .containsEntry(MessageProperties.STEADFAST_ID, poisonId);
      dlq.ack(dead.get(0));
    }
    flow.assertExactlyOnce("poison");
    assertThat(flow.ledger.effectCount("poison")).isZero();
  }
}
