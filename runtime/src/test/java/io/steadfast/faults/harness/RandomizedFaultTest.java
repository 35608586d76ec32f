package io.steadfast.faults.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.testing.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * <p>Outbox and inbox schedules run an order service that enqueues in its transactions and relays,
 * and inbox consumers, with the application and the consumers killed at random: every committed
 * order must have exactly one effect, no rolled-back order any.
 *
 * <p>Dedup schedules alternate between the gRPC and the remoting transport; network faults go
 * through the transport's link. CI runs a short fixed set: one transactional PostgreSQL schedule on
 * gRPC and one plain PostgreSQL schedule on the remoting client, the engine's two paths
 * (consecutive schedules go through the three stores and two transports, so 6 or more cover every
 * pair), and one outbox and inbox schedule (gRPC). A soak (it runs a third as many outbox and inbox
 * schedules), or the replay of one printed seed:
 *
 * <pre>
 * mvn -B -pl runtime -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RandomizedFaultTest \
 *     -Dharness.schedules=30 -Dharness.messages=1000 [-Dharness.seed=N] [-Dharness.baseSeed=N]
 *     [-Dharness.transport=GRPC|REMOTING]
 * </pre>
 */
class RandomizedFaultTest {
  private static final long DEFAULT_BASE_SEED = 20261201L;

  /** Kept when a schedule fails: child JVM logs and the effects of failed schedules. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static HarnessEnvironment env;

  @BeforeAll
  static void startServers() {
    env = new HarnessEnvironment(dir);
  }

  @AfterAll
  static void stopServers() {
    env.close();
  }

  @Test
  void everyScheduleKeepsEveryPromise() {
    int schedules = Integer.getInteger("harness.schedules", 2);
    int messages = Integer.getInteger("harness.messages", 200);
    Duration window = Duration.ofSeconds(Long.getLong("harness.windowSeconds", 20));
    List<Long> seeds = seeds(schedules, 0);
    runAll(
        seeds,
        messages,
        "everyScheduleKeepsEveryPromise",
        seed -> {
          StoreKind store = StoreKind.DEDUP.get(Math.floorMod(seed, StoreKind.DEDUP.size()));
          FaultSchedule schedule = FaultSchedule.generate(seed, transport(seed), store, window);
          return new HarnessRun(env, schedule, messages, window).run();
        });
  }

  @Test
  void everyOutboxAndInboxScheduleKeepsEveryPromise() {
    int schedules =
        Integer.getInteger(
            "harness.outboxSchedules", Math.max(1, Integer.getInteger("harness.schedules", 2) / 3));
    int orders = Integer.getInteger("harness.messages", 100);
    Duration window = Duration.ofSeconds(Long.getLong("harness.windowSeconds", 15));
    runAll(
        seeds(schedules, 1),
        orders,
        "everyOutboxAndInboxScheduleKeepsEveryPromise",
        seed ->
            new OutboxInboxRun(env, FaultSchedule.generateOutboxInbox(seed, window), orders, window)
                .run());
  }

  /**
   * The transport of dedup schedule {@code seed}: {@code -Dharness.transport=GRPC|REMOTING}, else
   * chosen by the seed, so consecutive schedules alternate (see {@link #seeds}).
   */
  private static Transport transport(long seed) {
    String forced = System.getProperty("harness.transport");
    return forced != null
        ? Transport.valueOf(forced)
        : Transport.values()[Math.floorMod(seed, Transport.values().length)];
  }

  /** A schedule run that may throw. */
  @FunctionalInterface
  private interface ScheduleRun {
    HarnessRun.Report run(long seed) throws Exception;
  }

  private static void runAll(List<Long> seeds, int messages, String test, ScheduleRun runs) {
    List<HarnessRun.Report> reports = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (long seed : seeds) {
      HarnessRun.Report report;
      try {
        report = runs.run(seed);
      } catch (Exception e) {
        throw new IllegalStateException("harness seed " + seed + " could not run", e);
      }
      reports.add(report);
      System.out.println("[harness] " + report.line());
      // A schedule whose sends all failed (clients that cannot reach the cluster) tests nothing.
      assertThat(report.acked()).as("acked sends of seed %d", seed).isPositive();
      if (!report.violations().isEmpty()) {
        report.violations().stream().limit(20).forEach(v -> System.out.println("[harness]   " + v));
        failures.add(
            "seed "
                + seed
                + " broke "
                + report.violations().size()
                + " promise(s); replay: mvn -B -pl runtime -am verify"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RandomizedFaultTest#"
                + test
                + " -Dharness.seed="
                + seed
                + (System.getProperty("harness.transport") == null
                    ? ""
                    : " -Dharness.transport=" + System.getProperty("harness.transport"))
                + " -Dharness.messages="
                + messages);
      }
    }
    System.out.println("[harness] " + Summary.of(reports));
    if (!failures.isEmpty()) {
      System.out.println("[harness] child JVM logs and effects kept in " + dir);
    }
    assertThat(failures).isEmpty();
  }

  /**
   * The seeds of {@code schedules} schedules, or the replayed one; {@code stream} keeps the seeds
   * of the outbox and inbox schedules apart from the dedup schedules'. Seed {@code i} is {@code i}
   * modulo 6: consecutive dedup schedules go through the three stores and the two transports in
   * turn, so six cover every pair and CI's two cover both transports.
   */
  private static List<Long> seeds(int schedules, int stream) {
    Long replay = Long.getLong("harness.seed");
    if (replay != null) {
      return List.of(replay);
    }
    long baseSeed = Long.getLong("harness.baseSeed", DEFAULT_BASE_SEED);
    Random base = new Random(stream == 0 ? baseSeed : baseSeed * 31 + stream);
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < schedules; i++) {
      long seed = base.nextLong();
      seeds.add(seed - Math.floorMod(seed, 6) + i % 6);
    }
    return seeds;
  }
}
