package io.steadfast.benchmarks.store;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages per second through the store with fresh keys (every claim is a first delivery): claim +
 * complete one message at a time and in batches of 32 and 256, claims alone in batches, and the
 * plain patterns on the same server in the same run: one {@code SET NX PX} / autocommit {@code
 * INSERT} per message, and the same in batches of 256 (a pipeline / one multi-row statement), which
 * is what the server allows at best. Scores are messages/s (batch methods count every message). Run
 * with {@code -t 1} and {@code -t 8}; see docs/benchmarks.md for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {
  private static final String GROUP = StoreUnderTest.GROUP;
  private static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * Short, so a Redis run does not fill memory (also the lease of claims that are never completed);
   * SQL rows stay until the trial drops the table.
   */
  private static final Duration RETENTION = Duration.ofSeconds(2);

  /** Which store: h2 (in-memory), postgresql, redis. */
  @Param({"h2", "postgresql", "redis"})
  public String store;

  private StoreUnderTest target;

  /** Fresh keys per thread, so every claim is a first delivery (ACQUIRED). */
  @State(Scope.Thread)
  public static class Keys {
    private final String prefix = UUID.randomUUID().toString().substring(0, 13) + "-";
    private long next;

    String next() {
      return prefix + next++;
    }

    List<String> next(int count) {
      List<String> keys = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        keys.add(next());
      }
      return keys;
    }
  }

  @Setup(Level.Trial)
  public void open() throws Exception {
    target = StoreUnderTest.open(store);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    target.close();
  }

  @Benchmark
  public boolean baselinePerMessage(Keys keys) throws Exception {
    return target.baseline.claim(keys.next());
  }

  @Benchmark
  @OperationsPerInvocation(256)
  public int baselineBatch256(Keys keys) throws Exception {
    return target.baseline.claimAll(keys.next(256));
  }

  @Benchmark
  @OperationsPerInvocation(32)
  public List<ClaimResult> claimBatch32(Keys keys) {
    return target.store.claimAll(GROUP, keys.next(32), RETENTION);
  }

  @Benchmark
  @OperationsPerInvocation(256)
  public List<ClaimResult> claimBatch256(Keys keys) {
    return target.store.claimAll(GROUP, keys.next(256), RETENTION);
  }

  @Benchmark
  public boolean claimCompletePerMessage(Keys keys) {
    ClaimResult result = target.store.claim(GROUP, keys.next(), LEASE);
    return target.store.complete(result.claim(), RETENTION);
  }

  @Benchmark
  @OperationsPerInvocation(32)
  public List<Boolean> claimCompleteBatch32(Keys keys) {
    return claimCompleteBatch(keys.next(32));
  }

  @Benchmark
  @OperationsPerInvocation(256)
  public List<Boolean> claimCompleteBatch256(Keys keys) {
    return claimCompleteBatch(keys.next(256));
  }

  private List<Boolean> claimCompleteBatch(List<String> keys) {
    List<Claim> claims =
        target.store.claimAll(GROUP, keys, LEASE).stream().map(ClaimResult::claim).toList();
    return target.store.completeAll(claims, RETENTION);
  }
}
