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
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Fault 7: the Redis server behind the dedup store shuts down mid-run. While it is down no handler
 * runs and nothing is acked (fail closed); once it is back (AOF on, so DONE records survive, as in
 * a production Redis) the backlog drains and every order takes effect exactly once.
 */
class RedisOutageTest {
  private static final String TOPIC = "outage-orders";
  private static final String GROUP = "outage-billing";
  private static final int MESSAGES = 300;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 2).consumerGroup(GROUP, 50));

  @Test
  void storeOutageStopsProcessingAndLosesNothing() {
    EmbeddedRocketMQ mq = MQ.cluster();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    int effectsEarlyInOutage;
    int effectsLateInOutage;
    ClientSettings client = ClientSettings.builder(mq.endpoint()).build();

    try (RedisServer redis =
            RedisServer.startLocal("--appendonly", "yes", "--appendfsync", "always");
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder()
                .standalone(redis.uri())
                .keyPrefix("sf-outage")
                .timeout(Duration.ofMillis(500))
                .build();
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                ConsumerConfig.builder(client, store)
                    .mode(Mode.BATCH)
                    .threads(2)
                    .invisibleDuration(Duration.ofSeconds(4))
                    .lease(Duration.ofSeconds(30))
                    .awaitDuration(Duration.ofSeconds(1))
                    .maxDeliveryAttempts(50)
                    .metrics(metrics)
                    .build())) {
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < MESSAGES; i++) {
                  String key = "outage-" + i;
                  ledger.sent.add(key);
                  sender.send(
                      OutgoingMessage.builder(TOPIC)
                          .key(key)
                          .payload(new OrderEvent(key, i))
                          .build());
                  ledger.acked.add(key);
                }
              });
      await().atMost(Duration.ofSeconds(120)).until(() -> ledger.processedKeys() >= MESSAGES / 4);

      shutdown(redis);
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
      ledger.print("redis-outage", metrics);
      System.out.printf(
          "[redis-outage] store failures=%d redeliveries=%d effects during the outage: %d then %d%n",
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

  private static void shutdown(RedisServer redis) {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.shutdown();
    } catch (JedisException expected) {
      // The server closes the connection as it exits.
    }
  }
}
