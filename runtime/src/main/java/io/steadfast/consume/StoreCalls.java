package io.steadfast.consume;

import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.DedupKeys;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The dedup store, with every call timed into the metrics listener. Single claims and completions
 * of messages handled concurrently (push threads) are combined into batch calls ({@link
 * CallCombiner}); their timings include the wait for the batch.
 */
final class StoreCalls {
  /** Most single calls sent as one batch call. */
  private static final int MAX_COMBINED = 256;

  private final IdempotencyStore store;
  private final SteadfastMetrics metrics;
  private final Map<List<Object>, CallCombiner<String, ClaimResult>> claims = new ConcurrentHashMap<>();
  private final Map<Duration, CallCombiner<Claim, Boolean>> completions = new ConcurrentHashMap<>();

  StoreCalls(IdempotencyStore store, SteadfastMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  IdempotencyStore store() {
    return store;
  }

  ClaimResult claim(String group, String key, Duration lease) {
    DedupKeys.checkGroup(group);
    DedupKeys.checkKey(key); // a bad key fails its own message, not the batch it would join
    CallCombiner<String, ClaimResult> combiner =
        claims.computeIfAbsent(
            List.of(group, lease),
            k -> new CallCombiner<>(keys -> store.claimAll(group, keys, lease), MAX_COMBINED));
    return timed("claim", () -> combiner.call(key));
  }

  List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    return timed("claimAll", () -> store.claimAll(group, keys, lease));
  }

  boolean complete(Claim claim, Duration retention) {
    CallCombiner<Claim, Boolean> combiner =
        completions.computeIfAbsent(
            retention, r -> new CallCombiner<>(all -> store.completeAll(all, r), MAX_COMBINED));
    return timed("complete", () -> combiner.call(claim));
  }

  List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    return timed("completeAll", () -> store.completeAll(claims, retention));
  }

  boolean release(Claim claim) {
    return timed("release", () -> store.release(claim));
  }

  boolean renew(Claim claim, Duration lease) {
    return timed("renew", () -> store.renew(claim, lease));
  }

  /** Times a call made by the caller (e.g. inside a transaction). */
  <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = call.get();
      ok = true;
      return result;
    } finally {
      metrics.storeCall(operation, System.nanoTime() - start, ok);
    }
  }
}
