package io.steadfast.faults;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testing.Definitions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The consumer that {@link ConsumerCrashTest} runs in a child JVM and SIGKILLs: it records an
 * effect per handled order in a file, except that handlers of orders whose id ends in 7 announce
 * themselves and then hang with their claims held.
 *
 * <p>Arguments: endpoint, group, topic, Redis URI, key prefix, effects file, blocked file.
 */
public final class CrashingConsumer {
  private CrashingConsumer() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String group = args[1];
    String topic = args[2];
    Path effects = Path.of(args[5]);
    Path blocked = Path.of(args[6]);
    JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(args[3]).keyPrefix(args[4]).build();
    ConsumerConfig config =
        ConsumerConfig.builder(ClientSettings.builder(endpoint).build(), store)
            .mode(Mode.BATCH)
            .threads(4)
            .batchSize(1)
            .invisibleDuration(Duration.ofSeconds(4))
            .lease(Duration.ofSeconds(8))
            .awaitDuration(Duration.ofSeconds(1))
            .build();
    CountDownLatch never = new CountDownLatch(1);
    Steadfast.consumer(
        Definitions.single(
            group,
            topic,
            OrderEvent.class,
            (e, ctx, tx) -> {
              if (e.orderId().endsWith("7")) {
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
