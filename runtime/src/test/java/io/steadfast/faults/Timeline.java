package io.steadfast.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * When events (acked sends, send retries) happened, by System.nanoTime(), to measure rates and gaps
 * around a fault.
 */
final class Timeline {
  private final ConcurrentLinkedQueue<Long> events = new ConcurrentLinkedQueue<>();

  void record() {
    events.add(System.nanoTime());
  }

  /** Events in {@code [from, to)}. */
  long count(long from, long to) {
    return events.stream().filter(t -> t >= from && t < to).count();
  }

  /** Events per second in {@code [from, to)}. */
  double rate(long from, long to) {
    return count(from, to) * 1e9 / Math.max(1, to - from);
  }

  /**
   * The longest time in {@code [from, to)} without an event, in ms: between {@code from} and the
   * first event, between two events, or between the last event and {@code to}.
   */
  long longestGapMillis(long from, long to) {
    List<Long> inside = new ArrayList<>();
    events.stream().filter(t -> t >= from && t < to).sorted().forEach(inside::add);
    long previous = from;
    long longest = 0;
    for (long t : inside) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return Math.max(longest, to - previous) / 1_000_000;
  }

  /** Events in each whole second from {@code from} to {@code to}, e.g. {@code "40 38 21 40"}. */
  String perSecond(long from, long to) {
    StringBuilder counts = new StringBuilder();
    for (long t = from; t < to; t += 1_000_000_000L) {
      counts
          .append(counts.length() == 0 ? "" : " ")
          .append(count(t, Math.min(to, t + 1_000_000_000L)));
    }
    return counts.toString();
  }
}
