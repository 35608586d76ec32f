package io.steadfast.faults;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.CompletedAndClaimed;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer that {@link CarryCrashTest} runs in a child JVM: a batch consumer on the test
 * PostgreSQL whose process dies (halt: no shutdown hook, no finally) right after its {@code
 * crashAt}-th combined store call returned: batch N's completions and batch N+1's claims are
 * committed, N is not acked and no handler of N+1 has run. Before dying it writes the keys of that
 * call to the crash file: {@code done <key>} and {@code claimed <key>} lines. Each handled order
 * appends its id to the effects file.
 *
 * <p>Arguments: endpoint, group, topic, dedup table, effects file, crash file, crashAt.
 */
public final class CarryCrashConsumer {
  private CarryCrashConsumer() {}

  public static void main(String[] args) throws Exception {
    Path effects = Path.of(args[4]);
    Path crash = Path.of(args[5]);
    int crashAt = Integer.parseInt(args[6]);
    MyBatisIdempotencyStore postgres =
        MyBatisIdempotencyStore.builder(TestPools.open(TestDatabases.postgres(), 4))
            .table(args[3])
            .build();
    ConsumerConfig config =
        ConsumerConfig.builder(
                ClientSettings.builder(args[0]).build(), new HaltAfter(postgres, crashAt, crash))
            .mode(Mode.BATCH)
            .threads(1)
            .invisibleDuration(Duration.ofSeconds(5))
            .lease(Duration.ofSeconds(6))
            .awaitDuration(Duration.ofSeconds(1))
            .build();
    Steadfast.consumer(
        Definitions.single(
            args[1],
            args[2],
            OrderEvent.class,
            (e, ctx, tx) -> {
              // Slow enough that the next receive has arrived when a batch's handlers end.
              Thread.sleep(5);
              append(effects, e.orderId());
            }),
        config);
    new CountDownLatch(1).await(); // until the halt
  }

  private static void append(Path file, String line) throws Exception {
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Delegates to the real store, and halts the JVM after the n-th combined call returned. */
  private record HaltAfter(IdempotencyStore store, int crashAt, Path crash, AtomicInteger calls)
      implements IdempotencyStore {
    HaltAfter(IdempotencyStore store, int crashAt, Path crash) {
      this(store, crashAt, crash, new AtomicInteger());
    }

    @Override
    public CompletedAndClaimed completeAllAndClaimAll(
        List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
      CompletedAndClaimed answer =
          store.completeAllAndClaimAll(done, retention, group, keys, lease);
      if (calls.incrementAndGet() == crashAt) {
        StringBuilder lines = new StringBuilder();
        done.forEach(c -> lines.append("done ").append(c.key()).append('\n'));
        answer.claimed().stream()
            .filter(ClaimResult::acquired)
            .forEach(r -> lines.append("claimed ").append(r.claim().key()).append('\n'));
        try {
          Files.writeString(crash, lines);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        Runtime.getRuntime().halt(137);
      }
      return answer;
    }

    @Override
    public ClaimResult claim(String group, String key, Duration lease) {
      return store.claim(group, key, lease);
    }

    @Override
    public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
      return store.claimAll(group, keys, lease);
    }

    @Override
    public boolean complete(Claim claim, Duration retention) {
      return store.complete(claim, retention);
    }

    @Override
    public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
      return store.completeAll(claims, retention);
    }

    @Override
    public boolean release(Claim claim) {
      return store.release(claim);
    }

    @Override
    public boolean renew(Claim claim, Duration lease) {
      return store.renew(claim, lease);
    }

    @Override
    public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
      return store.renewAll(claims, lease);
    }
  }
}
