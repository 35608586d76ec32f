package io.steadfast.benchmarks.e2e;

import io.steadfast.metrics.SteadfastMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Mean store latency per operation, from the engine's metrics hook. */
final class StoreLatency implements SteadfastMetrics {
  private final Map<String, LongAdder[]> byOperation = new ConcurrentHashMap<>();

  @Override
  public void storeCall(String operation, long nanos, boolean ok) {
    LongAdder[] sums =
        byOperation.computeIfAbsent(
            operation, o -> new LongAdder[] {new LongAdder(), new LongAdder()});
    sums[0].increment();
    sums[1].add(nanos);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(byOperation)
        .forEach(
            (op, sums) ->
                out.append(
                    String.format(
                        "%s %d calls, mean %.2f ms; ",
                        op, sums[0].sum(), sums[1].sum() / 1e6 / Math.max(1, sums[0].sum()))));
    return out.toString();
  }
}
