package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault: a remoting push consumer is closed while a handler still runs (past its shutdown timeout).
 * Its offset stays below the unfinished message, so the next consumer of the group gets it again;
 * the closed consumer's claim is kept (renewed) while its handler writes, so the copy is not
 * processed but retried, and once the first handler completes the copy is acked as a duplicate: one
 * effect.
 */
class RemotingConsumerCloseTest {
  private static final String TOPIC = "remoting-close-orders";
  private static final String GROUP = "remoting-close-billing";
  private static final int ORDERS = 10;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 1).consumerGroup(GROUP, 10));

  @Test
  void closeMidHandlerKeepsTheClaimAndTheCopyTakesNoSecondEffect() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client = ClientSettings.nameServer(mq.nameServerAddress()).build();
    IdempotencyStore store = new InMemoryIdempotencyStore();
    Ledger ledger = new Ledger();
    CountingMetrics first = new CountingMetrics();
    CountingMetrics second = new CountingMetrics();
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();

    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
      for (int i = 0; i < ORDERS; i++) {
        String key = "order-" + i;
        ledger.sent.add(key);
        sender.send(order(key));
        ledger.acked.add(key);
      }
    }
    RunningConsumer closed =
        Steadfast.consumer(
            Definitions.single(
                GROUP,
                TOPIC,
                OrderEvent.class,
                (e, ctx, tx) -> {
                  if (e.orderId().equals("order-0")) {
                    slowStarted.countDown();
                    try {
                      release.await();
                    } catch (InterruptedException stopped) {
                      interrupted.set(true);
                      throw stopped;
                    }
                  }
                  ledger.effect(e.orderId());
                }),
            config(client, store, first));
    slowStarted.await();
    closed.close(); // returns after the 1 s shutdown timeout; order-0's handler still runs

    try (RunningConsumer next =
        Steadfast.consumer(
            Definitions.single(
                GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
            config(client, store, second))) {
      assertThat(interrupted).as("handler interrupted by close").isFalse();
      assertThat(ledger.effectCount("order-0")).isZero();
      release.countDown();
      await().atMost(Duration.ofSeconds(90)).until(ledger::allAckedHaveEffects);
    }
    ledger.print("RemotingConsumerCloseTest", second);
    System.out.printf(
        "RemotingConsumerCloseTest: closed consumer processed %d, next consumer processed %d,"
            + " suppressed %d copies, skipped %d held copies%n",
        first.processedCount(),
        second.processedCount(),
        second.duplicatesSuppressedCount(),
        second.inProgressSkippedCount());
    assertThat(interrupted).as("handler interrupted by close").isFalse();
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
    assertThat(ledger.processedKeys()).isEqualTo(ORDERS);
    assertThat(ledger.effectCount("order-0")).isEqualTo(1);
  }

  private static ConsumerConfig config(
      ClientSettings client, IdempotencyStore store, CountingMetrics metrics) {
    return ConsumerConfig.builder(client, store)
        .shutdownTimeout(Duration.ofSeconds(1))
        .maxDeliveryAttempts(10)
        .metrics(metrics)
        .build();
  }

  private static OutgoingMessage order(String key) {
    return OutgoingMessage.builder(TOPIC)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }
}
