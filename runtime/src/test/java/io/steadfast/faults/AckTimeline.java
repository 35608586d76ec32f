package io.steadfast.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** When sends were acked (System.nanoTime()), to measure throughput and gaps around a fault. */
final class AckTimeline {
  private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();

  void acked() {
    acks.add(System.nanoTime());
  }

  /** Acks in {@code [from, to)}. */
  long count(long from, long to) {
    return acks.stream().filter(t -> t >= from && t < to).count();
  }

  /** Acks per second in {@code [from, to)}. */
  double rate(long from, long to) {
    return count(from, to) * 1e9 / Math.max(1, to - from);
  }

  /**
   * The longest time in {@code [from, to)} without an ack, in ms: between {@code from} and the
   * first ack, between two acks, or between the last ack and {@code to}.
   */
  long longestGapMillis(long from, long to) {
    List<Long> inside = new ArrayList<>();
    acks.stream().filter(t -> t >= from && t < to).sorted().forEach(inside::add);
    long previous = from;
    long longest = 0;
    for (long t : inside) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return Math.max(longest, to - previous) / 1_000_000;
  }
}
