package io.steadfast.internal;

import java.time.Duration;

/** Retry delays that double per attempt. Internal; not for direct use. */
public final class Backoff {
  private Backoff() {}

  /** {@code first} for attempt 1, doubled for each later attempt, at most {@code max}. */
  public static Duration doubling(Duration first, Duration max, int attempt) {
    long delay = first.toMillis() << Math.min(Math.max(0, attempt - 1), 20);
    return Duration.ofMillis(Math.min(delay, max.toMillis()));
  }
}
