package io.steadfast.produce;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, bounded by a number of attempts and a total deadline.
 *
 * @param maxAttempts attempts including the first (1 = no retry)
 * @param initialBackoff delay before the second attempt (before jitter)
 * @param maxBackoff upper bound of one delay
 * @param deadline no new attempt starts later than this after the first one started
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {
  /** 5 attempts, 100 ms doubling up to 5 s, within 60 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff: " + initialBackoff + ", " + maxBackoff);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
  }

  /**
   * Delay after failed attempt {@code attempt} (1-based): {@code initial * 2^(attempt-1)}, capped,
   * then a random value between half and all of it so retrying senders spread out.
   */
  public Duration backoffAfter(int attempt) {
    long base = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long exp = attempt >= 31 ? cap : Math.min(cap, base << Math.max(0, attempt - 1));
    long delay = exp < 0 ? cap : exp;
    long half = delay / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
  }
}
