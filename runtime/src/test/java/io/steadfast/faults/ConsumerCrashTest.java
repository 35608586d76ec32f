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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault 3: a consumer JVM is SIGKILLed while handlers hold claims in Redis. After the lease runs
 * out, a second consumer of the same group processes those messages, and every order takes effect
 * exactly once across both processes. BATCH on both transports (on the remoting client the lite
 * pull engine: the survivor replays the killed consumer's queues from their committed offsets).
 */
class ConsumerCrashTest {
  private static final String BASE = "kill-orders";
  private static final int MESSAGES = 100;

  /** The claims' lease. */
  static final Duration LEASE = Duration.ofSeconds(8);

  /** Enough for the remoting retries (1-5 s apart in the testkit) to outlast the lease. */
  private static final int MAX_ATTEMPTS = 30;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          OrderFlow.declare(EmbeddedRocketMQ.builder(), 2, MAX_ATTEMPTS, BASE));

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void claimsOfAKilledConsumerAreProcessedOnceByAnotherAfterTheLease(Transport transport)
      throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    OrderFlow flow = new OrderFlow(mq, transport);
    String topic = flow.topic(BASE);
    String prefix = "sf-kill-" + UUID.randomUUID();
    Path childEffects = dir.resolve("effects.txt");
    Path blocked = dir.resolve("blocked.txt");
    Ledger ledger = flow.ledger;
    CountingMetrics metrics = flow.metrics;
    ClientSettings client = transport.settings(mq).build();

    try (RedisServer redis = RedisServer.start();
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
      for (int i = 0; i < MESSAGES; i++) {
        String key = "kill-" + i;
        ledger.sent.add(key);
        sender.send(
            OutgoingMessage.builder(topic).key(key).payload(new OrderEvent(key, i)).build());
        ledger.acked.add(key);
      }

      Process child = startChild(transport, mq, topic, redis.uri(), prefix, childEffects, blocked);
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
                      flow.group(BASE),
                      topic,
                      OrderEvent.class,
                      (e, ctx, tx) -> ledger.effect(e.orderId())),
                  ConsumerConfig.builder(client, store)
                      .mode(Mode.BATCH)
                      .invisibleDuration(Duration.ofSeconds(4))
                      .lease(transport.lease(Mode.BATCH, LEASE))
                      .awaitDuration(Duration.ofSeconds(1))
                      .maxDeliveryAttempts(MAX_ATTEMPTS)
                      .metrics(metrics)
                      .build())) {
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .until(ledger::allAckedHaveEffects);
      }
      ledger.print("consumer-crash/" + transport, metrics);
      System.out.printf("[consumer-crash/%s] hung in the killed JVM: %s%n", transport, hung);
      for (String key : hung) {
        assertThat(ledger.effectCount(key)).as("effects of " + key).isEqualTo(1);
      }
    }
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  private static Process startChild(
      Transport transport,
      EmbeddedRocketMQ mq,
      String topic,
      String redisUri,
      String prefix,
      Path effects,
      Path blocked)
      throws Exception {
    return ChildJvm.start(
        CrashingConsumer.class,
        effects.resolveSibling("child.out"),
        transport.name(),
        transport.address(mq),
        transport.name(BASE) + "-g",
        topic,
        redisUri,
        prefix,
        effects.toString(),
        blocked.toString(),
        "7");
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
