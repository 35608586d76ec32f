package io.steadfast.faults.harness;

import java.time.Duration;
import java.util.Random;

/**
 * What the harness's handler does with one delivery, decided by the schedule's seed, the key and
 * the attempt, so a replayed seed injects the same handler faults: a few deliveries throw an
 * exception or an {@code Error} (early attempts only, so every message succeeds eventually), a few
 * run from half to twice {@code slowBase} (the gRPC lease), the rest take a few milliseconds.
 */
record HandlerBehaviour(Kind kind, Duration duration) {
  enum Kind {
    QUICK,
    SLOW,
    THROW,
    ERROR
  }

  static HandlerBehaviour of(long seed, String key, int attempt, Duration slowBase) {
    Random random = new Random(seed * 31 + key.hashCode() * 17L + attempt);
    double p = random.nextDouble();
    if (p < 0.02 && attempt == 1) {
      return new HandlerBehaviour(Kind.ERROR, Duration.ZERO);
    }
    if (p < 0.06 && attempt <= 2) {
      return new HandlerBehaviour(Kind.THROW, Duration.ofMillis(random.nextInt(20)));
    }
    if (p < 0.08) {
      long from = slowBase.toMillis() / 2;
      return new HandlerBehaviour(
          Kind.SLOW, Duration.ofMillis(from + random.nextLong(slowBase.toMillis() * 2 - from)));
    }
    return new HandlerBehaviour(Kind.QUICK, Duration.ofMillis(random.nextInt(15)));
  }

  /** Runs the handler's time, then throws if this delivery is one that fails. */
  void finish(String key) throws InterruptedException {
    Thread.sleep(duration.toMillis());
    switch (kind) {
      case THROW -> throw new IllegalStateException("injected handler failure for " + key);
      case ERROR -> throw new AssertionError("injected Error for " + key);
      default -> {}
    }
  }
}
