package io.steadfast.benchmarks.scale;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer JVM of {@link ConsumerScaling}: a batch consumer with a no-op handler that prints
 * {@code ready} once started, then {@code processed <messages> calls <store calls>} every 200 ms
 * until it is killed.
 *
 * <p>Arguments: endpoint, group, topic, store kind, store location, key prefix or table.
 */
public final class ScalingConsumer {
  private ScalingConsumer() {}

  public static void main(String[] args) throws Exception {
    AtomicLong processed = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    CountingMetrics metrics =
        new CountingMetrics() {
          @Override
          public void storeCall(String operation, long nanos, boolean ok) {
            calls.incrementAndGet();
          }
        };
    IdempotencyStore store = ScalingStores.open(args[3], args[4], args[5]);
    HandlerBinding<byte[]> binding =
        HandlerBinding.builder(args[2], "*", byte[].class)
            .handler((body, ctx, tx) -> processed.incrementAndGet());
    Steadfast.consumer(
        ConsumerDefinition.of(args[1], binding),
        ConsumerConfig.builder(ClientSettings.builder(args[0]).build(), store)
            .mode(ConsumerConfig.Mode.BATCH)
            .threads(2)
            .awaitDuration(Duration.ofSeconds(1))
            .metrics(metrics)
            .build());
    System.out.println("ready");
    while (true) {
      Thread.sleep(200);
      System.out.println("processed " + processed.get() + " calls " + calls.get());
    }
  }
}
