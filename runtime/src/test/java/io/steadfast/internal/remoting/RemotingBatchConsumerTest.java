package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BATCH mode on the classic remoting client's DefaultLitePullConsumer, against the testkit cluster
 * through its NameServer: every order takes effect once, a failed message comes back through the
 * group's retry topic on a later attempt, a poison message ends in {@code %DLQ%<group>} while the
 * others flow, and a second consumer joining mid-stream loses nothing and applies nothing twice.
 */
class RemotingBatchConsumerTest {
  private static final String TOPIC = "remoting-batch-orders";
  private static final String GROUP = "remoting-batch-billing";
  private static final String REBALANCE_TOPIC = "remoting-batch-rebalance";
  private static final String REBALANCE_GROUP = "remoting-batch-rebalance-g";
  private static final int ORDERS = 40;

  /** Delay levels of 1 s: retry copies come back in about a second, not 10 s, 30 s, 1 min... */
  static final String FAST_DELAY_LEVELS = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .brokerProperty("messageDelayLevel", FAST_DELAY_LEVELS)
              .topic(TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GROUP, 3)
              .topic(REBALANCE_TOPIC, TopicType.NORMAL, 4)
              .consumerGroup(REBALANCE_GROUP, 10));

  @Test
  void everyOrderOnceFailuresRetriedPoisonDeadLettered() throws Exception {
    ClientSettings client = ClientSettings.nameServer(MQ.cluster().nameServerAddress()).build();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    Set<String> failOnce = Set.of("order-3", "order-17", "order-29");
    Map<String, Integer> attemptOfEffect = new ConcurrentHashMap<>();
    AtomicInteger poisonAttempts = new AtomicInteger();

    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    GROUP,
                    TOPIC,
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      if (e.orderId().equals("poison")) {
                        poisonAttempts.incrementAndGet();
                        throw new IllegalStateException("poison");
                      }
                      if (failOnce.contains(e.orderId()) && ctx.deliveryAttempt() == 1) {
                        throw new IllegalStateException("first attempt of " + e.orderId());
                      }
                      attemptOfEffect.put(e.orderId(), ctx.deliveryAttempt());
                      ledger.effect(e.orderId());
                    }),
                ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                    .mode(Mode.BATCH)
                    .batchSize(8)
                    .threads(2)
                    .awaitDuration(Duration.ofSeconds(1))
                    .maxDeliveryAttempts(3)
                    .metrics(metrics)
                    .build())) {
      for (int i = 0; i < ORDERS; i++) {
        String key = "order-" + i;
        ledger.sent.add(key);
        sender.send(order(TOPIC, key));
        ledger.acked.add(key);
        if (i == ORDERS / 2) {
          sender.send(order(TOPIC, "poison"));
        }
      }
      await().atMost(Duration.ofSeconds(90)).until(ledger::allAckedHaveEffects);
      List<String> deadLetters =
          DeadLetters.keys(MQ.cluster().nameServerAddress(), GROUP, 1, Duration.ofSeconds(60));
      ledger.print("RemotingBatchConsumerTest", metrics);
      System.out.printf(
          "[RemotingBatchConsumerTest] poison attempts=%d dead letters=%s%n",
          poisonAttempts.get(), deadLetters);
      assertThat(deadLetters).containsExactly("poison");
    }
    assertThat(ledger.acked).hasSize(ORDERS);
    assertThat(ledger.processedKeys()).isEqualTo(ORDERS);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
    assertThat(poisonAttempts).hasValue(3);
    assertThat(metrics.deadLetterBoundCount()).isEqualTo(1);
    for (String key : failOnce) {
      assertThat(attemptOfEffect.get(key)).as(key).isEqualTo(2);
    }
  }

  @Test
  void aSecondConsumerJoiningMidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
    ClientSettings client = ClientSettings.nameServer(MQ.cluster().nameServerAddress()).build();
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    Ledger ledger = new Ledger();
    CountingMetrics first = new CountingMetrics();
    CountingMetrics second = new CountingMetrics();
    int orders = 200;

    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer a =
            Steadfast.consumer(rebalanceDefinition(ledger), config(client, store, first))) {
      for (int i = 0; i < orders / 2; i++) {
        send(sender, ledger, "r-" + i);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> ledger.processedKeys() >= 20);
      try (RunningConsumer b =
          Steadfast.consumer(rebalanceDefinition(ledger), config(client, store, second))) {
        // A stream until the rebalance has given the second consumer queues and it took part.
        AtomicInteger next = new AtomicInteger(orders / 2);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  send(sender, ledger, "r-" + next.getAndIncrement());
                  return second.processedCount() > 0;
                });
        for (int i = 0; i < orders / 2; i++) {
          send(sender, ledger, "r-" + next.getAndIncrement());
        }
        await().atMost(Duration.ofSeconds(120)).until(ledger::allAckedHaveEffects);
      }
    }
    ledger.print("RemotingBatchConsumerTest-rebalance", second);
    System.out.printf(
        "[RemotingBatchConsumerTest-rebalance] first processed %d, second processed %d,"
            + " suppressed %d + %d%n",
        first.processedCount(),
        second.processedCount(),
        first.duplicatesSuppressedCount(),
        second.duplicatesSuppressedCount());
    assertThat(second.processedCount()).as("processed by the consumer that joined").isPositive();
    assertThat(first.processedCount() + second.processedCount()).isEqualTo(ledger.acked.size());
    assertThat(ledger.processedKeys()).isEqualTo(ledger.acked.size());
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
  }

  private static io.steadfast.consume.ConsumerDefinition rebalanceDefinition(Ledger ledger) {
    return Definitions.single(
        REBALANCE_GROUP,
        REBALANCE_TOPIC,
        OrderEvent.class,
        (e, ctx, tx) -> {
          Thread.sleep(5); // a little work, so that batches are in flight when queues move
          ledger.effect(e.orderId());
        });
  }

  private static ConsumerConfig config(
      ClientSettings client, InMemoryIdempotencyStore store, CountingMetrics metrics) {
    return ConsumerConfig.builder(client, store)
        .mode(Mode.BATCH)
        .batchSize(8)
        .threads(2)
        .awaitDuration(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(10))
        .maxDeliveryAttempts(10)
        .metrics(metrics)
        .build();
  }

  private static void send(ReliableSender sender, Ledger ledger, String key) {
    ledger.sent.add(key);
    sender.send(order(REBALANCE_TOPIC, key));
    ledger.acked.add(key);
  }

  static OutgoingMessage order(String topic, String key) {
    return OutgoingMessage.builder(topic)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }
}
