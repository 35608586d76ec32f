package io.steadfast.benchmarks;

import java.util.List;

/** Messages per second of a timed run, for the hand-run throughput harnesses. */
public final class Throughput {
  /** A piece of work to time. */
  @FunctionalInterface
  public interface Run {
    void run() throws Exception;
  }

  private Throughput() {}

  /** Runs {@code run}, which handles {@code messages}, and returns messages per second. */
  public static double of(int messages, Run run) throws Exception {
    long start = System.nanoTime();
    run.run();
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
