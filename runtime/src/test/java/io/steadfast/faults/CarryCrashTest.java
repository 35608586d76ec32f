package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch consumer sends batch N's completions with batch N+1's claim in one store call. Its JVM
 * dies right after that call committed, before N is acked and before any handler of N+1 ran (see
 * {@link CarryCrashConsumer}). A second consumer then acks N's copies as duplicates and, once the
 * dead consumer's lease ran out, handles N+1: nothing lost, nothing applied twice.
 */
class CarryCrashTest {
  private static final String TOPIC = "carry-orders";
  private static final String GROUP = "carry-billing";
  private static final int MESSAGES = 300;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 1).consumerGroup(GROUP, 30));

  @TempDir Path dir;

  @Test
  void aCrashAfterTheCombinedCallLosesNothingAndAppliesNothingTwice() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    String table = TestDatabases.uniqueName("carry_dedup");
    Path childEffects = dir.resolve("effects.txt");
    Path crash = dir.resolve("crash.txt");
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    ClientSettings client = ClientSettings.builder(mq.endpoint()).build();

    try (HikariDataSource pool = TestPools.open(TestDatabases.postgres(), 4)) {
      try (MyBatisIdempotencyStore store =
              MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build();
          ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        for (int i = 0; i < MESSAGES; i++) {
          String key = "carry-" + i;
          ledger.sent.add(key);
          sender.send(
              OutgoingMessage.builder(TOPIC).key(key).payload(new OrderEvent(key, i)).build());
          ledger.acked.add(key);
        }

        Process child =
            ChildJvm.start(
                CarryCrashConsumer.class,
                dir.resolve("child.out"),
                mq.endpoint(),
                GROUP,
                TOPIC,
                table,
                childEffects.toString(),
                crash.toString(),
                "2");
        try {
          assertThat(child.waitFor(120, TimeUnit.SECONDS))
              .as("the child halted after its second combined store call")
              .isTrue();
          assertThat(child.exitValue()).isEqualTo(137);
        } finally {
          child.destroyForcibly();
        }
        List<String> crashCall = Files.readAllLines(crash);
        List<String> done = keys(crashCall, "done ");
        List<String> claimed = keys(crashCall, "claimed ");
        Files.readAllLines(childEffects).forEach(ledger::effect);
        System.out.printf(
            "[carry-crash] the fatal call completed %d and claimed %d keys; %d effects before%n",
            done.size(), claimed.size(), ledger.totalEffects());
        assertThat(done).as("completions in the fatal call").isNotEmpty();
        assertThat(claimed).as("claims in the fatal call").isNotEmpty();
        claimed.forEach(
            key -> assertThat(ledger.effectCount(key)).as("effects of " + key).isZero());

        try (RunningConsumer survivor =
            Steadfast.consumer(
                Definitions.single(
                    GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                ConsumerConfig.builder(client, store)
                    .mode(Mode.BATCH)
                    .invisibleDuration(Duration.ofSeconds(5))
                    .lease(Duration.ofSeconds(6))
                    .awaitDuration(Duration.ofSeconds(1))
                    .metrics(metrics)
                    .build())) {
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(500))
              .until(ledger::allAckedHaveEffects);
        }
        ledger.print("carry-crash", metrics);
        for (String key : done) {
          assertThat(ledger.effectCount(key)).as("effects of completed " + key).isEqualTo(1);
        }
        for (String key : claimed) {
          assertThat(ledger.effectCount(key)).as("effects of claimed " + key).isEqualTo(1);
        }
      } finally {
        try (Connection c = pool.getConnection();
            Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  /** The order ids of the lines with {@code prefix}: dedup keys are {@code topic:tag:key}. */
  private static List<String> keys(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(l.lastIndexOf(':') + 1))
        .toList();
  }
}
