package io.steadfast.samples.demo;

import io.steadfast.metrics.SteadfastMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the demo shows live: the runtime's metrics plus the producer side. */
final class Tally implements SteadfastMetrics {
  final AtomicLong sendCalls = new AtomicLong();
  final AtomicLong sendsAcked = new AtomicLong();
  final AtomicLong sendsFailed = new AtomicLong();
  final AtomicLong sendRetries = new AtomicLong();
  final AtomicLong processed = new AtomicLong();
  final AtomicLong duplicatesSuppressed = new AtomicLong();
  final AtomicLong redeliveries = new AtomicLong();

  @Override
  public void processed(String group, String topic) {
    processed.incrementAndGet();
  }

  @Override
  public void duplicateSuppressed(String group, String topic) {
    duplicatesSuppressed.incrementAndGet();
  }

  @Override
  public void redelivering(String group, String topic, int deliveryAttempt) {
    redeliveries.incrementAndGet();
  }

  @Override
  public void sendRetried(String topic, int failedAttempt) {
    sendRetries.incrementAndGet();
  }
}
