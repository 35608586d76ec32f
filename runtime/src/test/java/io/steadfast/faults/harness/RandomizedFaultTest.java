package io.steadfast.faults.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomized fault harness: seeded schedules of consumer crashes and graceful closes, broker
 * crashes, slave outages, store stalls, resets and lost replies, network faults between client and
 * proxy, slow, failing and {@code Error}-throwing handlers and skewed consumer clocks, over the
 * PostgreSQL (transactional and not) and Redis stores. After each schedule every acked send must
 * have exactly one effect, no effect may lack a send, no send may stay unreported, and no send
 * reported NOT_STORED may have an effect.
 *
 * <p>CI runs a short fixed set: one transactional and one plain PostgreSQL schedule, the engine's
 * two paths (consecutive schedules go through the three stores, so 3 or more cover Redis too). A
 * soak, or the replay of one printed seed:
 *
 * <pre>
 * mvn -B -pl runtime -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RandomizedFaultTest \
 *     -Dharness.schedules=30 -Dharness.messages=1000 [-Dharness.seed=N] [-Dharness.baseSeed=N]
 * </pre>
 */
class RandomizedFaultTest {
  private static final long DEFAULT_BASE_SEED = 20261201L;

  /** Kept when a schedule fails: consumer logs and the effects of failed schedules. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void everyScheduleKeepsEveryPromise() throws Exception {
    int schedules = Integer.getInteger("harness.schedules", 2);
    int messages = Integer.getInteger("harness.messages", 200);
    Duration window = Duration.ofSeconds(Long.getLong("harness.windowSeconds", 20));
    List<Long> seeds = seeds(schedules);
    List<HarnessRun.Report> reports = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (HarnessEnvironment env = new HarnessEnvironment(dir)) {
      for (int i = 0; i < seeds.size(); i++) {
        StoreKind store =
            StoreKind.values()[Math.floorMod(seeds.get(i), StoreKind.values().length)];
        FaultSchedule schedule = FaultSchedule.generate(seeds.get(i), store, window);
        HarnessRun.Report report = new HarnessRun(env, schedule, messages, window).run();
        reports.add(report);
        System.out.println("[harness] " + report.line());
        if (!report.violations().isEmpty()) {
          report.violations().stream()
              .limit(20)
              .forEach(v -> System.out.println("[harness]   " + v));
          failures.add(
              "seed "
                  + schedule.seed()
                  + " broke "
                  + report.violations().size()
                  + " promise(s); replay: mvn -B -pl runtime -am verify"
                  + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RandomizedFaultTest"
                  + " -Dharness.seed="
                  + schedule.seed()
                  + " -Dharness.messages="
                  + messages);
        }
      }
    }
    System.out.println("[harness] " + Summary.of(reports));
    if (!failures.isEmpty()) {
      System.out.println("[harness] consumer logs and effects kept in " + dir);
    }
    assertThat(failures).isEmpty();
  }

  private static List<Long> seeds(int schedules) {
    Long replay = Long.getLong("harness.seed");
    if (replay != null) {
      return List.of(replay);
    }
    Random base = new Random(Long.getLong("harness.baseSeed", DEFAULT_BASE_SEED));
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < schedules; i++) {
      // Consecutive schedules cover the three stores in turn.
      long seed = base.nextLong();
      seeds.add(seed - Math.floorMod(seed, 3) + i % 3);
    }
    return seeds;
  }
}
