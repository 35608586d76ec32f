package io.steadfast.faults;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer that {@link BurstTest} starts in a child JVM with a small heap: it drains a backlog
 * larger than its heap, writes each handled order id to the effects file, and once it has seen
 * {@code expected} messages prints the largest heap use it sampled ({@code peak heap <bytes>}) and
 * exits. A heap that is not bounded ends it with an OutOfMemoryError instead.
 *
 * <p>Arguments: endpoint, group, topic, mode (BATCH or PUSH), effects file, expected count.
 */
public final class BurstConsumer {
  /** A large order: the padding makes the backlog larger than the consumer's heap. */
  public record BulkyOrder(String orderId, String padding) {}

  private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

  private BurstConsumer() {}

  public static void main(String[] args) throws Exception {
    int expected = Integer.parseInt(args[5]);
    CountDownLatch drained = new CountDownLatch(expected);
    AtomicLong peak = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(HEAP.getHeapMemoryUsage().getUsed(), Math::max),
        0,
        50,
        TimeUnit.MILLISECONDS);
    try (BufferedWriter effects =
        Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8)) {
      ConsumerConfig config =
          ConsumerConfig.builder(
                  ClientSettings.builder(args[0]).build(), new InMemoryIdempotencyStore())
              .mode(Mode.valueOf(args[3]))
              .awaitDuration(Duration.ofSeconds(1))
              .build();
      Steadfast.consumer(
          Definitions.single(
              args[1],
              args[2],
              BulkyOrder.class,
              (order, ctx, tx) -> {
                synchronized (effects) {
                  effects.write(order.orderId());
                  effects.newLine();
                }
                drained.countDown();
              }),
          config);
      drained.await();
    }
    System.out.println("peak heap " + peak.get());
    System.exit(0); // the consumer's client threads would keep the JVM alive
  }
}
