package io.steadfast.faults;

import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The BATCH consumer that {@link ConsumerCrashTest} and {@link RemotingDuplicateConsumerIdTest} run
 * in a child JVM and SIGKILL: it records an effect per handled order in a file, except that
 * handlers of orders whose id ends in the hang suffix announce themselves and then hang with their
 * claims held.
 *
 * <p>Arguments: transport ({@link Transport} name), its address, group, topic, Redis URI, key
 * prefix, effects file, blocked file, hang suffix (empty: no handler hangs).
 */
public final class CrashingConsumer {
  private CrashingConsumer() {}

  public static void main(String[] args) throws Exception {
    Transport transport = Transport.valueOf(args[0]);
    String group = args[2];
    String topic = args[3];
    Path effects = Path.of(args[6]);
    Path blocked = Path.of(args[7]);
    String hangSuffix = args[8];
    JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(args[4]).keyPrefix(args[5]).build();
    ConsumerConfig config =
        ConsumerConfig.builder(transport.settings(args[1]).build(), store)
            .mode(Mode.BATCH)
            .threads(4)
            .batchSize(1)
            .invisibleDuration(Duration.ofSeconds(4))
            .lease(transport.lease(Mode.BATCH, ConsumerCrashTest.LEASE))
            .awaitDuration(Duration.ofSeconds(1))
            .build();
    CountDownLatch never = new CountDownLatch(1);
    Steadfast.consumer(
        Definitions.single(
            group,
            topic,
            OrderEvent.class,
            (e, ctx, tx) -> {
              if (!hangSuffix.isEmpty() && e.orderId().endsWith(hangSuffix)) {
                append(blocked, e.orderId());
                never.await();
              }
              append(effects, e.orderId());
            }),
        config);
    never.await();
  }

  private static synchronized void append(Path file, String line) throws Exception {
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
