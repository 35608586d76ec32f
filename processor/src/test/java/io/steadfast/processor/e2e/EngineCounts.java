package io.steadfast.processor.e2e;

import io.steadfast.metrics.SteadfastMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/** What the consumer engine reports, so that the test knows when every copy was dealt with. */
final class EngineCounts implements SteadfastMetrics {
  final AtomicInteger processed = new AtomicInteger();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger deadLettered = new AtomicInteger();

  @Override
  public void processed(String group, String topic) {
    processed.incrementAndGet();
  }

  @Override
  public void duplicateSuppressed(String group, String topic) {
    duplicates.incrementAndGet();
  }

  @Override
  public void deadLetterBound(String group, String topic) {
    deadLettered.incrementAndGet();
  }

  /** Messages acked: handled once, or recognised as a copy of a handled one. */
  int settled() {
    return processed.get() + duplicates.get();
  }
}
