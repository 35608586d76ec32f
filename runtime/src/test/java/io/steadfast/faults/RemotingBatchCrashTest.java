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
 * Fault: a remoting BATCH consumer JVM (DefaultLitePullConsumer) is SIGKILLed while one handler
 * hangs with its claim held in Redis. Its queue's committed offset cannot have passed the hung
 * message, so a new consumer replays from there: what the killed JVM completed after it is
 * suppressed as done, the hung message is processed once its lease ran out, nothing is lost and
 * nothing takes effect twice.
 */
class RemotingBatchCrashTest {
  private static final String TOPIC = "remoting-kill-orders";
  private static final String GROUP = "remoting-kill-billing";
  private static final int MESSAGES = 40;
  private static final int HANGS = 5;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .brokerProperty(
                  "messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s")
              .topic(TOPIC, TopicType.NORMAL, 1)
              .consumerGroup(GROUP, 30));

  @TempDir Path dir;

  @Test
  void aKilledConsumersQueueIsReplayedFromTheCommittedOffsetWithoutSecondEffects()
      throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    String prefix = "sf-rkill-" + UUID.randomUUID();
    Path childEffects = dir.resolve("effects.txt");
    Path blocked = dir.resolve("blocked.txt");
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    ClientSettings client = ClientSettings.nameServer(mq.nameServerAddress()).build();

    try (RedisServer redis = RedisServer.start();
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
      for (int i = 0; i < MESSAGES; i++) {
        String key = "rkill-" + i;
        ledger.sent.add(key);
        sender.send(
            OutgoingMessage.builder(TOPIC).key(key).payload(new OrderEvent(key, i)).build());
        ledger.acked.add(key);
      }
      Process child =
          ChildJvm.start(
              RemotingBatchCrashingConsumer.class,
              dir.resolve("child.out"),
              mq.nameServerAddress(),
              GROUP,
              TOPIC,
              redis.uri(),
              prefix,
              childEffects.toString(),
              blocked.toString(),
              "rkill-" + HANGS);
      try {
        // The other loop goes on past the hung batch: everything after it takes effect.
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> lines(blocked).size() == 1 && lines(childEffects).contains("rkill-39"));
      } finally {
        child.destroyForcibly().waitFor(); // SIGKILL on Linux
      }
      List<String> childDone = lines(childEffects);
      childDone.forEach(ledger::effect);
      long doneAfterHung =
          childDone.stream().filter(k -> Integer.parseInt(k.substring(6)) > HANGS + 2).count();

      try (JedisIdempotencyStore store =
              JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build();
          RunningConsumer survivor =
              Steadfast.consumer(
                  Definitions.single(
                      GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                  ConsumerConfig.builder(client, store)
                      .mode(Mode.BATCH)
                      .lease(Duration.ofSeconds(8))
                      .invisibleDuration(Duration.ofSeconds(4))
                      .awaitDuration(Duration.ofSeconds(1))
                      .maxDeliveryAttempts(30)
                      .metrics(metrics)
                      .build())) {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(ledger::allAckedHaveEffects);
      }
      ledger.print("remoting-batch-crash", metrics);
      System.out.printf(
          "[remoting-batch-crash] killed JVM completed %d, %d of them after the hung batch%n",
          childDone.size(), doneAfterHung);
      // Replayed from an offset at or below the hung message: all those after it came again.
      assertThat(metrics.duplicatesSuppressedCount()).isGreaterThanOrEqualTo(doneAfterHung);
      assertThat(doneAfterHung).isPositive();
      assertThat(ledger.effectCount("rkill-" + HANGS)).isEqualTo(1);
    }
    assertThat(ledger.processedKeys()).isEqualTo(MESSAGES);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
