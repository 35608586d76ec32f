package io.steadfast.internal.consume;

import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.CompletedAndClaimed;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The dedup store, with every call timed into the metrics listener. */
final class StoreCalls {
  private final IdempotencyStore store;
  private final SteadfastMetrics metrics;
  private volatile long completionNanos;

  StoreCalls(IdempotencyStore store, SteadfastMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  ClaimResult claim(String group, String key, Duration lease) {
    return timed("claim", () -> store.claim(group, key, lease));
  }

  List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    return timed("claimAll", () -> store.claimAll(group, keys, lease));
  }

  boolean complete(Claim claim, Duration retention) {
    return completion("complete", () -> store.complete(claim, retention));
  }

  List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    return completion("completeAll", () -> store.completeAll(claims, retention));
  }

  CompletedAndClaimed completeAllAndClaimAll(
      List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
    return completion(
        "completeAllAndClaimAll",
        () -> store.completeAllAndClaimAll(done, retention, group, keys, lease));
  }

  boolean release(Claim claim) {
    return timed("release", () -> store.release(claim));
  }

  List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    return timed("renewAll", () -> store.renewAll(claims, lease));
  }

  /**
   * How long a completion call has taken lately (a moving average, zero before the first): what a
   * batch saves when its completions travel with the next batch's claim.
   */
  Duration recentCompletion() {
    return Duration.ofNanos(completionNanos);
  }

  private <T> T completion(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return timed(operation, call);
    } finally {
      long took = System.nanoTime() - start;
      long average = completionNanos;
      completionNanos = average == 0 ? took : average + (took - average) / 8;
    }
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
