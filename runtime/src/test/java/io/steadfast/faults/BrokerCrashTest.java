package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.FlushDiskType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault 5: the broker (and the proxy in its JVM) is SIGKILLed and restarted on the same SYNC_FLUSH
 * store while async sends are in flight. Every acked message is processed exactly once, every
 * failed send is reported to the caller, and resending the failed ones with their ids completes the
 * set without duplicate effects. 2,000 messages instead of 10,000 to fit 2 shared cores. On both
 * transports, one crash each.
 */
class BrokerCrashTest {
  private static final int MESSAGES = 2000;
  private static final String BASE = "crash-orders";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          OrderFlow.declare(
              EmbeddedRocketMQ.builder().flushDiskType(FlushDiskType.SYNC_FLUSH), 4, 30, BASE));

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyAckedMessageIsProcessedOnceAcrossABrokerCrash(Transport transport) {
    EmbeddedRocketMQ mq = MQ.cluster();
    OrderFlow flow = new OrderFlow(mq, transport);
    String topic = flow.topic(BASE);
    CountingMetrics metrics = flow.metrics;
    Ledger ledger = flow.ledger;
    ClientSettings client = flow.client();
    SenderConfig senderConfig =
        SenderConfig.builder(client)
            .retryPolicy(
                new RetryPolicy(
                    8, Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(40)))
            .maxInFlight(128)
            .metrics(metrics)
            .build();
    ConsumerConfig consumerConfig =
        ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
            .mode(Mode.BATCH)
            .threads(2)
            .invisibleDuration(Duration.ofSeconds(5))
            .lease(transport.lease(Mode.BATCH, Duration.ofSeconds(10)))
            .awaitDuration(Duration.ofSeconds(1))
            .maxDeliveryAttempts(30)
            .metrics(metrics)
            .build();
    Map<String, OutgoingMessage> failed = new ConcurrentHashMap<>();
    AtomicInteger reported = new AtomicInteger();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    try (ReliableSender sender = Steadfast.sender(senderConfig);
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group(BASE),
                    topic,
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                consumerConfig)) {
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < MESSAGES; i++) {
                  String key = "crash-" + i;
                  OutgoingMessage m =
                      OutgoingMessage.builder(topic)
                          .key(key)
                          .payload(new OrderEvent(key, i))
                          .build();
                  ledger.sent.add(key);
                  sender
                      .sendAsync(m)
                      .whenComplete(
                          (receipt, e) -> {
                            reported.incrementAndGet();
                            if (e == null) {
                              ledger.acked.add(key);
                            } else {
                              String outcome =
                                  e instanceof SendFailedException sfe
                                      ? sfe.outcome().name()
                                      : "UNCLASSIFIED " + e;
                              outcomes
                                  .computeIfAbsent(outcome, o -> new AtomicInteger())
                                  .incrementAndGet();
                              ledger.failedSends.add(key);
                              failed.put(key, m);
                            }
                          });
                }
              });

      await().atMost(Duration.ofSeconds(120)).until(() -> ledger.acked.size() >= MESSAGES / 4);
      mq.killBroker();
      mq.restartBroker();
      sending.join();
      // Every send is reported: acked or failed with an outcome, none left hanging.
      await().atMost(Duration.ofSeconds(120)).until(() -> reported.get() == MESSAGES);
      System.out.printf(
          "[broker-crash/" + transport + "] during the crash: acked=%d failed=%d by outcome %s%n",
          ledger.acked.size(),
          failed.size(),
          outcomes);

      assertThat(outcomes.keySet()).allMatch(o -> !o.startsWith("UNCLASSIFIED"));
      for (OutgoingMessage m : failed.values()) {
        sender.send(m); // same steadfast-id and key as the failed attempts
        ledger.acked.add(m.keys().get(0));
      }
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(ledger::allAckedHaveEffects);
    }
    ledger.print("broker-crash/" + transport, metrics);
    System.out.printf("[broker-crash/%s] send retries=%d%n", transport, metrics.sendRetriesCount());
    assertThat(ledger.acked).hasSize(MESSAGES);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }
}
