package io.steadfast.internal.consume;

import java.time.Duration;

/** Whether the consumer is closing, and until when a failing completion is still retried. */
final class CloseState {
  private volatile boolean closing;
  private volatile long deadlineNanos;

  /** From now on no handler starts; completions retry for at most {@code shutdownTimeout}. */
  void begin(Duration shutdownTimeout) {
    deadlineNanos = System.nanoTime() + shutdownTimeout.toNanos();
    closing = true;
  }

  boolean closing() {
    return closing;
  }

  /**
   * Whether a failing completion is retried again: always while the consumer runs (its effect
   * happened; the message stays invisible meanwhile), until the shutdown timeout once it closes.
   */
  boolean keepCompleting() {
    return !closing || System.nanoTime() < deadlineNanos;
  }
}
