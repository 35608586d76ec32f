package io.steadfast.samples.demo;

import io.steadfast.metrics.CountingMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the demo shows live: the runtime's metrics plus the producer side. */
final class Tally extends CountingMetrics {
  final AtomicLong sendCalls = new AtomicLong();
  final AtomicLong sendsAcked = new AtomicLong();
  final AtomicLong sendsFailed = new AtomicLong();
}
