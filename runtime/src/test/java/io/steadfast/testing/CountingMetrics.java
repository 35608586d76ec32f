package io.steadfast.testing;

import io.steadfast.metrics.SteadfastMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the engine reports, for assertions. */
public final class CountingMetrics implements SteadfastMetrics {
  public final AtomicInteger processed = new AtomicInteger();
  public final AtomicInteger duplicates = new AtomicInteger();
  public final AtomicInteger inProgress = new AtomicInteger();
  public final AtomicInteger released = new AtomicInteger();
  public final AtomicInteger redelivering = new AtomicInteger();
  public final AtomicInteger deadLetter = new AtomicInteger();
  public final AtomicInteger sendRetries = new AtomicInteger();
  public final AtomicInteger storeFailures = new AtomicInteger();

  @Override
  public void processed(String group, String topic) {
    processed.incrementAndGet();
  }

  @Override
  public void duplicateSuppressed(String group, String topic) {
    duplicates.incrementAndGet();
  }

  @Override
  public void inProgressSkipped(String group, String topic) {
    inProgress.incrementAndGet();
  }

  @Override
  public void released(String group, String topic) {
    released.incrementAndGet();
  }

  @Override
  public void redelivering(String group, String topic, int deliveryAttempt) {
    redelivering.incrementAndGet();
  }

  @Override
  public void deadLetterBound(String group, String topic) {
    deadLetter.incrementAndGet();
  }

  @Override
  public void storeCall(String operation, long nanos, boolean ok) {
    if (!ok) {
      storeFailures.incrementAndGet();
    }
  }

  @Override
  public void sendRetried(String topic, int failedAttempt) {
    sendRetries.incrementAndGet();
  }
}
