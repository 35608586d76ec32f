package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Steadfast's consumer on the classic remoting client's DefaultMQPushConsumer, against the testkit
 * cluster through its NameServer: every acked message takes effect once, a failed handler's message
 * comes back through the retry topic (RECONSUME_LATER), and copies of processed messages are acked
 * without a second effect; ordered BATCH mode is refused.
 */
class RemotingPushConsumerTest {
  private static final String TOPIC = "remoting-push-orders";
  private static final String GROUP = "remoting-push-billing";
  private static final int ORDERS = 40;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 2).consumerGroup(GROUP, 5));

  @Test
  void everyAckedOrderTakesEffectOnceFailuresAreRetriedCopiesSuppressed() {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client = ClientSettings.nameServer(mq.nameServerAddress()).build();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    Set<String> failOnce = Set.of("order-3", "order-17", "order-29");
    Map<String, Integer> attemptOfEffect = new ConcurrentHashMap<>();

    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    GROUP,
                    TOPIC,
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      if (failOnce.contains(e.orderId()) && ctx.deliveryAttempt() == 1) {
                        throw new IllegalStateException("first attempt of " + e.orderId());
                      }
                      attemptOfEffect.put(e.orderId(), ctx.deliveryAttempt());
                      ledger.effect(e.orderId());
                    }),
                ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                    .maxDeliveryAttempts(5)
                    .metrics(metrics)
                    .build())) {
      for (int i = 0; i < ORDERS; i++) {
        String key = "order-" + i;
        ledger.sent.add(key);
        sender.send(order(key));
        ledger.acked.add(key);
      }
      // The same orders again (a producer's resend after a lost ack): must not take effect.
      for (int i = 0; i < ORDERS; i += 4) {
        sender.send(order("order-" + i));
      }
      await().atMost(Duration.ofSeconds(90)).until(ledger::allAckedHaveEffects);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> metrics.duplicatesSuppressedCount() >= ORDERS / 4);
    }
    ledger.print("RemotingPushConsumerTest", metrics);
    assertThat(ledger.acked).hasSize(ORDERS);
    assertThat(ledger.processedKeys()).isEqualTo(ORDERS);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(ORDERS / 4);
    for (String key : failOnce) {
      assertThat(attemptOfEffect.get(key)).as(key).isEqualTo(2);
    }
  }

  @Test
  void leaseShorterThanTheClientsConsumeTimeoutIsRefusedAtStart() {
    ClientSettings client = ClientSettings.nameServer(MQ.cluster().nameServerAddress()).build();
    ConsumerConfig config =
        ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
            .invisibleDuration(Duration.ofSeconds(30))
            .lease(Duration.ofSeconds(45))
            .build();

    assertThatThrownBy(() -> Steadfast.consumer(definition(), config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease PT45S is shorter than the remoting client's consumeTimeout")
        .hasMessageContaining("Set ConsumerConfig.lease to at least PT1M");
  }

  @Test
  void orderedBatchModeIsRefusedWithTheFix() {
    ClientSettings client = ClientSettings.nameServer(MQ.cluster().nameServerAddress()).build();
    ConsumerConfig config =
        ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
            .mode(Mode.BATCH)
            .ordered(true)
            .build();

    assertThatThrownBy(() -> Steadfast.consumer(definition(), config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs in PUSH mode only (MessageListenerOrderly)")
        .hasMessageContaining("Use ConsumerConfig.mode(PUSH) with ordered(true)");
  }

  private static io.steadfast.consume.ConsumerDefinition definition() {
    return Definitions.single(GROUP + "-refused", TOPIC, OrderEvent.class, (e, ctx, tx) -> {});
  }

  private static OutgoingMessage order(String key) {
    return OutgoingMessage.builder(TOPIC)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }
}
