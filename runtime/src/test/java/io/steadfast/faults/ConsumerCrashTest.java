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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 3: a consumer JVM is SIGKILLed while handlers hold claims in Redis. After the lease runs
 * out, a second consumer of the same group processes those messages, and every order takes effect
 * exactly once across both processes.
 */
class ConsumerCrashTest {
  private static final String TOPIC = "kill-orders";
  private static final String GROUP = "kill-billing";
  private static final int MESSAGES = 100;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 2).consumerGroup(GROUP, 30));

  @TempDir Path dir;

  @Test
  void claimsOfAKilledConsumerAreProcessedOnceByAnotherAfterTheLease() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    String prefix = "sf-kill-" + UUID.randomUUID();
    Path childEffects = dir.resolve("effects.txt");
    Path blocked = dir.resolve("blocked.txt");
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    ClientSettings client = ClientSettings.builder(mq.endpoint()).build();

    try (RedisServer redis = RedisServer.start();
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
      for (int i = 0; i < MESSAGES; i++) {
        String key = "kill-" + i;
        ledger.sent.add(key);
        sender.send(
            OutgoingMessage.builder(TOPIC).key(key).payload(new OrderEvent(key, i)).build());
        ledger.acked.add(key);
      }

      Process child = startChild(mq.endpoint(), redis.uri(), prefix, childEffects, blocked);
      try {
        // All four handler threads of the child hang with their claims held.
        await().atMost(Duration.ofSeconds(120)).until(() -> lines(blocked).size() >= 4);
      } finally {
        child.destroyForcibly().waitFor(); // SIGKILL on Linux
      }
      List<String> hung = lines(blocked);
      lines(childEffects).forEach(ledger::effect);

      try (JedisIdempotencyStore store =
              JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build();
          RunningConsumer survivor =
              Steadfast.consumer(
                  Definitions.single(
                      GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                  ConsumerConfig.builder(client, store)
                      .mode(Mode.BATCH)
                      .invisibleDuration(Duration.ofSeconds(4))
                      .lease(Duration.ofSeconds(8))
                      .awaitDuration(Duration.ofSeconds(1))
                      .metrics(metrics)
                      .build())) {
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .until(ledger::allAckedHaveEffects);
      }
      ledger.print("consumer-crash", metrics);
      System.out.printf("[consumer-crash] hung in the killed JVM: %s%n", hung);
      for (String key : hung) {
        assertThat(ledger.effectCount(key)).as("effects of " + key).isEqualTo(1);
      }
    }
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  private static Process startChild(
      String endpoint, String redisUri, String prefix, Path effects, Path blocked)
      throws Exception {
    return ChildJvm.start(
        CrashingConsumer.class,
        effects.resolveSibling("child.out"),
        endpoint,
        GROUP,
        TOPIC,
        redisUri,
        prefix,
        effects.toString(),
        blocked.toString());
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
