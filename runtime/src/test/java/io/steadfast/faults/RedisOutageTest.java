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
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Fault 7: the Redis server behind the dedup store shuts down mid-run. While it is down no handler
 * runs and nothing is acked (fail closed); once it is back (AOF on, so DONE records survive, as in
 * a production Redis) the backlog drains and every order takes effect exactly once. On both
 * transports.
 */
class RedisOutageTest {
  private static final String BASE = "outage-orders";
  private static final int MESSAGES = 300;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(OrderFlow.declare(EmbeddedRocketMQ.builder(), 2, 50, BASE));

  @ParameterizedTest
  @EnumSource(Transport.class)
  void storeOutageStopsProcessingAndLosesNothing(Transport transport) {
    OrderFlow flow = new OrderFlow(MQ.cluster(), transport);
    String topic = flow.topic(BASE);
    Ledger ledger = flow.ledger;
    CountingMetrics metrics = flow.metrics;
    int effectsEarlyInOutage;
    int effectsLateInOutage;
    ClientSettings client = transport.settings(flow.mq).build();

    try (RedisServer redis =
            RedisServer.startLocal("--appendonly", "yes", "--appendfsync", "always");
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder()
                .standalone(redis.uri())
                .keyPrefix(transport.name("sf-outage"))
                .timeout(Duration.ofMillis(500))
                .build();
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group(BASE),
                    topic,
                    OrderEvent.class,
                    (e, ctx, tx) -> ledger.effect(e.orderId())),
                ConsumerConfig.builder(client, store)
                    .mode(Mode.BATCH)
                    .threads(2)
                    .invisibleDuration(Duration.ofSeconds(4))
                    .lease(transport.lease(Mode.BATCH, Duration.ofSeconds(30)))
                    .awaitDuration(Duration.ofSeconds(1))
                    .maxDeliveryAttempts(50)
                    .metrics(metrics)
                    .build())) {
      send(sender, topic, ledger, 0, MESSAGES / 2);
      await().atMost(Duration.ofSeconds(120)).until(() -> ledger.processedKeys() >= MESSAGES / 4);

      shutdown(redis);
      // The other half arrives during the outage, however fast the first half was consumed.
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(() -> send(sender, topic, ledger, MESSAGES / 2, MESSAGES));
      // Batches claimed just before the shutdown may still finish their handlers; once the
      // consumer has failed against the store repeatedly, nothing may take effect any more.
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.storeFailuresCount() >= 10);
      effectsEarlyInOutage = ledger.totalEffects();
      await().atMost(Duration.ofSeconds(60)).until(() -> metrics.storeFailuresCount() >= 20);
      effectsLateInOutage = ledger.totalEffects();
      redis.restart();

      sending.join();
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(ledger::allAckedHaveEffects);
      ledger.print("redis-outage/" + transport, metrics);
      System.out.printf(
          "[redis-outage/"
              + transport
              + "] store failures=%d redeliveries=%d effects during the outage: %d then %d%n",
          metrics.storeFailuresCount(),
          metrics.redeliveriesCount(),
          effectsEarlyInOutage,
          effectsLateInOutage);
    }
    assertThat(effectsLateInOutage)
        .as("effects while the store was down")
        .isEqualTo(effectsEarlyInOutage);
    assertThat(effectsLateInOutage).isLessThan(MESSAGES);
    assertThat(ledger.acked).hasSize(MESSAGES);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  /** Sends orders {@code from} (inclusive) to {@code to}, each acked before the next. */
  private static void send(ReliableSender sender, String topic, Ledger ledger, int from, int to) {
    for (int i = from; i < to; i++) {
      String key = "outage-" + i;
      ledger.sent.add(key);
      sender.send(OutgoingMessage.builder(topic).key(key).payload(new OrderEvent(key, i)).build());
      ledger.acked.add(key);
    }
  }

  private static void shutdown(RedisServer redis) {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.shutdown();
    } catch (JedisException expected) {
      // The server closes the connection as it exits.
    }
  }
}
