package io.steadfast.testing;

import io.steadfast.metrics.CountingMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a fault test sent, what the broker acked, and which business effects the handlers caused, by
 * logical message key. Lost = acked but no effect; duplicate effects = effects beyond one.
 */
public final class Ledger {
  public final Set<String> sent = ConcurrentHashMap.newKeySet();
  public final Set<String> acked = ConcurrentHashMap.newKeySet();
  public final Set<String> failedSends = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

  /** Records one business effect for {@code key} (call from the handler). */
  public void effect(String key) {
    effects.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  public int effectCount(String key) {
    AtomicInteger n = effects.get(key);
    return n == null ? 0 : n.get();
  }

  /** Keys with at least one effect. */
  public int processedKeys() {
    return effects.size();
  }

  public int totalEffects() {
    return effects.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Whether every acked key has taken effect at least once (the wait condition of fault tests). */
  public boolean allAckedHaveEffects() {
    return acked.stream().allMatch(k -> effectCount(k) > 0);
  }

  public long lost() {
    return acked.stream().filter(k -> effectCount(k) == 0).count();
  }

  public int duplicateEffects() {
    return effects.values().stream().mapToInt(n -> Math.max(0, n.get() - 1)).sum();
  }

  /** Prints the line every fault test reports. */
  public void print(String test, CountingMetrics metrics) {
    System.out.printf(
        "[%s] sent=%d acked=%d failedSends=%d processed=%d effects=%d duplicatesSuppressed=%d"
            + " inProgressSkips=%d lost=%d duplicateEffects=%d%n",
        test,
        sent.size(),
        acked.size(),
        failedSends.size(),
        processedKeys(),
        totalEffects(),
        metrics.duplicatesSuppressedCount(),
        metrics.inProgressSkippedCount(),
        lost(),
        duplicateEffects());
  }
}
