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
 * The remoting BATCH consumer that {@link RemotingBatchCrashTest} runs in a child JVM and SIGKILLs:
 * it records an effect per handled order in a file; the handler of the order named by the last
 * argument announces itself and hangs with its claim held, so its queue's offset cannot pass it.
 *
 * <p>Arguments: NameServer, group, topic, Redis URI, key prefix, effects file, blocked file, the
 * order that hangs.
 */
public final class RemotingBatchCrashingConsumer {
  private RemotingBatchCrashingConsumer() {}

  public static void main(String[] args) throws Exception {
    Path effects = Path.of(args[5]);
    Path blocked = Path.of(args[6]);
    String hangs = args[7];
    JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(args[3]).keyPrefix(args[4]).build();
    ConsumerConfig config =
        ConsumerConfig.builder(ClientSettings.nameServer(args[0]).build(), store)
            .mode(Mode.BATCH)
            .threads(2)
            .batchSize(4)
            .lease(Duration.ofSeconds(8))
            .invisibleDuration(Duration.ofSeconds(4))
            .awaitDuration(Duration.ofSeconds(1))
            .build();
    CountDownLatch never = new CountDownLatch(1);
    Steadfast.consumer(
        Definitions.single(
            args[1],
            args[2],
            OrderEvent.class,
            (e, ctx, tx) -> {
              if (e.orderId().equals(hangs)) {
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
