package io.steadfast.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The msg/s of each line over the rounds of a hand-run harness. Round 1 warms up the JIT, routes
 * and connections and is left out.
 */
public final class Rounds {
  private final Map<String, List<Double>> samples = new LinkedHashMap<>();

  /**
   * The number of rounds given as {@code args[index]}, else {@code fallback}; at least 2, since
   * round 1 only warms up.
   */
  public static int count(String[] args, int index, int fallback) {
    int count = args.length > index ? Integer.parseInt(args[index]) : fallback;
    if (count < 2) {
      throw new IllegalArgumentException(
          "rounds must be at least 2 (round 1 is warm-up and left out of the medians), got "
              + count);
    }
    return count;
  }

  /** Records one round's rates, unless it is the warm-up round 1. */
  public void add(int round, Map<String, Double> measured) {
    if (round > 1) {
      measured.forEach(
          (line, rate) -> samples.computeIfAbsent(line, l -> new ArrayList<>()).add(rate));
    }
  }

  /** Each line's rates, round by round. */
  public Map<String, List<Double>> samples() {
    return samples;
  }

  /** Each line's median rate (the mean of the middle two for an even count). */
  public Map<String, Double> medians() {
    Map<String, Double> medians = new LinkedHashMap<>();
    samples.forEach(
        (line, rates) -> {
          List<Double> sorted = rates.stream().sorted().toList();
          int mid = sorted.size() / 2;
          medians.put(
              line,
              sorted.size() % 2 == 1
                  ? sorted.get(mid)
                  : (sorted.get(mid - 1) + sorted.get(mid)) / 2);
        });
    return medians;
  }
}
