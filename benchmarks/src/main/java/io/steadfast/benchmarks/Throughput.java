package io.steadfast.benchmarks;

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
}
