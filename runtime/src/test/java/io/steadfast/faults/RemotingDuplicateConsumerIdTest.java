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
import io.steadfast.testkit.TopicType;
import io.steadfast.testkit.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's orphaned queue (748 orders acked, never paid): after the master's crash and restart, a
 * synchronous request the consumer had sent on its old connection timed out, and rocketmq-client
 * 5.3.3 then dropped its new connection from its channel table without closing it. The consumer
 * connected a third time and heartbeated there, so the master listed its client id twice; every
 * consumer allocated the 4 queues over 3 ids, and the slot of the second copy had no owner until
 * the master expired the idle connection (120 s).
 *
 * <p>Here: two remoting BATCH consumers of one group (this JVM and a child JVM), the child
 * SIGKILLed, the slave stopped and started, the master SIGKILLed and restarted while a synchronous
 * request (a held long-polling pull) is in flight on this JVM's consumer's connection, then a
 * second child started. The master's consumer id list must show the duplicate (the client bug), and
 * still every acked message must take effect within a bound well below the master's 120 s expiry.
 */
class RemotingDuplicateConsumerIdTest {
  private static final String TOPIC = "orphan-orders";
  private static final String EMPTY = "orphan-empty";
  private static final String GROUP = "orphan-billing";
  private static final Duration APPLIED_WITHIN = Duration.ofSeconds(45);

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topology(Topology.SYNC_MASTER_SLAVE)
              .brokerProperty(
                  "messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s")
              .topic(TOPIC, TopicType.NORMAL, 4)
              .topic(EMPTY, TopicType.NORMAL, 1)
              .consumerGroup(GROUP, 30));

  @TempDir Path dir;

  @Test
  void aClientListedTwiceByTheMasterLeavesNoQueueUnconsumed() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    String prefix = "sf-orphan-" + UUID.randomUUID();
    Path firstEffects = dir.resolve("first.txt");
    Path secondEffects = dir.resolve("second.txt");
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    ClientSettings client = ClientSettings.nameServer(mq.nameServerAddress()).build();

    try (RedisServer redis = RedisServer.start();
        ConsumerIdLists ids = new ConsumerIdLists(mq.nameServerAddress());
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build();
        RunningConsumer main =
            Steadfast.consumer(
                Definitions.single(
                    GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                ConsumerConfig.builder(client, store)
                    .mode(Mode.BATCH)
                    .threads(2)
                    .lease(Duration.ofSeconds(8))
                    .invisibleDuration(Duration.ofSeconds(4))
                    .awaitDuration(Duration.ofSeconds(1))
                    .maxDeliveryAttempts(30)
                    .metrics(metrics)
                    .build())) {
      String mainId =
          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(() -> ids.of(TOPIC, GROUP, 0), l -> l.size() == 1)
              .get(0);
      Process first = child(mq, redis, prefix, firstEffects);
      Process second = null;
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> ids.of(TOPIC, GROUP, 0).size() == 2);
        send(sender, ledger, 0, 100);
        awaitApplied(ledger, Duration.ofSeconds(60), firstEffects);

        first.destroyForcibly().waitFor(); // SIGKILL on Linux
        mq.stopSlave();
        mq.startSlave();

        mq.killBroker();
        mq.restartBroker();
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> ids.of(TOPIC, GROUP, 0).contains(mainId));
        // What the 5.3.3 client's leaked connection leaves on the master (see the class comment):
        // this consumer's id registered on a second, silent connection.
        ids.registerStaleConnection(TOPIC, GROUP, mainId);
        assertThat(countOf(ids.of(TOPIC, GROUP, 0), mainId)).isEqualTo(2);

        second = child(mq, redis, prefix, secondEffects);
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> new HashSet<>(ids.of(TOPIC, GROUP, 0)).size() == 2);
        System.out.println("[orphan] master lists " + listed(ids, 0));
        System.out.println("[orphan] slave lists  " + listed(ids, 1));
        send(sender, ledger, 100, 300);
        awaitApplied(ledger, APPLIED_WITHIN, firstEffects, secondEffects);
      } finally {
        first.destroyForcibly().waitFor();
        if (second != null) {
          second.destroyForcibly().waitFor();
        }
      }
    }
    lines(firstEffects).forEach(ledger::effect);
    lines(secondEffects).forEach(ledger::effect);
    ledger.print("remoting-duplicate-consumer-id", metrics);
    assertThat(ledger.processedKeys()).isEqualTo(300);
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }

  private Process child(EmbeddedRocketMQ mq, RedisServer redis, String prefix, Path effects)
      throws Exception {
    return ChildJvm.start(
        CrashingConsumer.class,
        dir.resolve(effects.getFileName() + ".out"),
        Transport.REMOTING.name(),
        mq.nameServerAddress(),
        GROUP,
        TOPIC,
        redis.uri(),
        prefix,
        effects.toString(),
        dir.resolve("never-blocked.txt").toString(),
        "");
  }

  private static void send(ReliableSender sender, Ledger ledger, int from, int to) {
    for (int i = from; i < to; i++) {
      String key = "orphan-" + i;
      ledger.sent.add(key);
      sender.send(OutgoingMessage.builder(TOPIC).key(key).payload(new OrderEvent(key, i)).build());
      ledger.acked.add(key);
    }
  }

  /** Waits until every acked key took effect here or in one of the child JVMs' files. */
  private static void awaitApplied(Ledger ledger, Duration within, Path... childEffects) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Set<String> done = new HashSet<>();
              for (Path p : childEffects) {
                done.addAll(lines(p));
              }
              return ledger.acked.stream()
                  .allMatch(k -> done.contains(k) || ledger.effectCount(k) > 0);
            });
  }

  /** The ids the broker lists, or what it answered instead (none registered: an error). */
  private static Object listed(ConsumerIdLists ids, long brokerId) {
    try {
      return ids.of(TOPIC, GROUP, brokerId);
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  private static long countOf(List<String> ids, String id) {
    return ids.stream().filter(id::equals).count();
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
