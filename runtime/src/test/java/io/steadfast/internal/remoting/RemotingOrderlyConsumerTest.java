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
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ConsumerConfig.ordered(true)} on the classic remoting client (MessageListenerOrderly) with
 * a FIFO topic: the messages of each message group take effect in send order; one that fails twice
 * holds the ones behind it until its third attempt succeeds; a poison message goes to {@code
 * %DLQ%<group>} after maxDeliveryAttempts and its group then goes on.
 */
class RemotingOrderlyConsumerTest {
  private static final String TOPIC = "remoting-fifo-orders";
  private static final String GROUP = "remoting-fifo-billing";
  private static final int GROUPS = 4;
  private static final int PER_GROUP = 8;
  private static final String FAILS_TWICE = "g1-3";
  private static final String POISON = "g2-5";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.FIFO, 2).fifoConsumerGroup(GROUP, 3));

  @Test
  void eachGroupInSendOrderAFailedMessageHoldsItsGroupPoisonDeadLettered() throws Exception {
    ClientSettings client = ClientSettings.nameServer(MQ.cluster().nameServerAddress()).build();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    Map<String, List<Integer>> applied = new ConcurrentHashMap<>();
    AtomicInteger failsTwiceAttempts = new AtomicInteger();
    AtomicInteger poisonAttempts = new AtomicInteger();

    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    GROUP,
                    TOPIC,
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      if (e.orderId().equals(POISON)) {
                        poisonAttempts.incrementAndGet();
                        throw new IllegalStateException("poison");
                      }
                      if (e.orderId().equals(FAILS_TWICE)
                          && failsTwiceAttempts.incrementAndGet() <= 2) {
                        throw new IllegalStateException("attempt " + ctx.deliveryAttempt());
                      }
                      String group = e.orderId().substring(0, e.orderId().indexOf('-'));
                      applied
                          .computeIfAbsent(
                              group, g -> Collections.synchronizedList(new ArrayList<>()))
                          .add(e.amount());
                      ledger.effect(e.orderId());
                    }),
                ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                    .ordered(true)
                    .maxDeliveryAttempts(3)
                    .metrics(metrics)
                    .build())) {
      for (int seq = 0; seq < PER_GROUP; seq++) {
        for (int g = 0; g < GROUPS; g++) {
          String key = "g" + g + "-" + seq;
          ledger.sent.add(key);
          sender.send(
              OutgoingMessage.builder(TOPIC)
                  .key(key)
                  .messageGroup("g" + g)
                  .payload(new OrderEvent(key, seq))
                  .build());
          if (!key.equals(POISON)) {
            ledger.acked.add(key);
          }
        }
      }
      await().atMost(Duration.ofSeconds(90)).until(ledger::allAckedHaveEffects);
      List<String> deadLetters =
          DeadLetters.keys(MQ.cluster().nameServerAddress(), GROUP, 1, Duration.ofSeconds(60));
      ledger.print("RemotingOrderlyConsumerTest", metrics);
      System.out.printf(
          "[RemotingOrderlyConsumerTest] applied=%s poison attempts=%d dead letters=%s%n",
          applied, poisonAttempts.get(), deadLetters);
      assertThat(deadLetters).containsExactly(POISON);
    }
    List<Integer> inOrder = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    for (int g = 0; g < GROUPS; g++) {
      List<Integer> expected = new ArrayList<>(inOrder);
      if (g == 2) {
        expected.remove(Integer.valueOf(5)); // the poison message, dead-lettered
      }
      assertThat(applied.get("g" + g)).as("order of group g" + g).isEqualTo(expected);
    }
    assertThat(failsTwiceAttempts).hasValue(3);
    assertThat(poisonAttempts).hasValue(3);
    assertThat(ledger.sent).hasSize(GROUPS * PER_GROUP);
    assertThat(ledger.processedKeys()).isEqualTo(GROUPS * PER_GROUP - 1);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
  }
}
