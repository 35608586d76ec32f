package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The classic remoting client (rocketmq-client 5.3.3) and the shaded gRPC client
 * (rocketmq-client-java 5.2.0) on one flat classpath, in one JVM: each sends through Steadfast to
 * the same cluster, and every acked message arrives once, with its key and steadfast-id.
 */
class BothTransportsTest {
  private static final String TOPIC = "both-transports";
  private static final String GROUP = "both-transports-reader";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 2).consumerGroup(GROUP, 5));

  @Test
  void sendsThroughEitherClientAreAckedAndConsumedOnce() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings grpc = ClientSettings.builder(mq.endpoint()).build();
    ClientSettings remoting = ClientSettings.nameServer(mq.nameServerAddress()).build();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    Map<String, String> steadfastIds = new ConcurrentHashMap<>();

    try (ReliableSender viaProxy = Steadfast.sender(SenderConfig.builder(grpc).build());
        ReliableSender viaRemoting = Steadfast.sender(SenderConfig.builder(remoting).build())) {
      List<CompletableFuture<SendAck>> async = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ReliableSender sender = i % 2 == 0 ? viaProxy : viaRemoting;
        String key = (i % 2 == 0 ? "grpc-" : "remoting-") + i;
        OutgoingMessage m = order(key);
        ledger.sent.add(key);
        steadfastIds.put(key, m.steadfastId());
        if (i < 10) {
          SendAck ack = sender.send(m);
          assertThat(ack.attempts()).isEqualTo(1);
          ledger.acked.add(key);
        } else {
          async.add(sender.sendAsync(m).thenApply(ack -> record(ledger, key, ack)));
        }
      }
      CompletableFuture.allOf(async.toArray(CompletableFuture[]::new)).get();
    }
    assertThat(mq.messageCount(TOPIC)).isEqualTo(20);

    Map<String, String> seenIds = new ConcurrentHashMap<>();
    try (RunningConsumer consumer =
        Steadfast.consumer(
            Definitions.single(
                GROUP,
                TOPIC,
                OrderEvent.class,
                (e, ctx, tx) -> {
                  seenIds.put(e.orderId(), ctx.properties().get(MessageProperties.STEADFAST_ID));
                  ledger.effect(e.orderId());
                }),
            ConsumerConfig.builder(grpc, new InMemoryIdempotencyStore())
                .maxDeliveryAttempts(5)
                .metrics(metrics)
                .build())) {
      await().atMost(Duration.ofSeconds(60)).until(ledger::allAckedHaveEffects);
      mq.awaitDrained(GROUP, TOPIC, Duration.ofSeconds(60));
    }
    ledger.print("BothTransportsTest", metrics);
    assertThat(ledger.acked).hasSize(20);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
    assertThat(seenIds).isEqualTo(steadfastIds);
  }

  private static SendAck record(Ledger ledger, String key, SendAck ack) {
    ledger.acked.add(key);
    return ack;
  }

  private static OutgoingMessage order(String key) {
    return OutgoingMessage.builder(TOPIC)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }
}
