package io.steadfast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The semantics every {@link IdempotencyStore} must have. A subclass creates one store per class;
 * each test uses its own consumer group, so tests never see each other's keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IdempotencyStoreContract {
  protected static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  protected IdempotencyStore store;
  protected String group;

  /** Creates the store under test (called once per class). */
  protected abstract IdempotencyStore createStore() throws Exception;

  /** Removes what the store left on its server (called once per class, after close). */
  protected void cleanUp() throws Exception {}

  @BeforeAll
  void startStore() throws Exception {
    store = createStore();
  }

  @AfterAll
  void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
    cleanUp();
  }

  @BeforeEach
  void newGroup() {
    group = "contract-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void claimCompleteThenDuplicate() {
    ClaimResult first = store.claim(group, "order-1", LONG);
    assertThat(first.status()).isEqualTo(ClaimStatus.ACQUIRED);
    assertThat(first.claim()).isEqualTo(new Claim(group, "order-1", first.claim().owner()));
    assertThat(store.claim(group, "order-1", LONG).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
    assertThat(store.complete(first.claim(), LONG)).isTrue();
    assertThat(store.claim(group, "order-1", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
    assertThat(store.complete(first.claim(), LONG))
        .as("a retried completion (first reply lost)")
        .isTrue();
    assertThat(store.release(first.claim())).as("releasing a DONE record").isFalse();
    assertThat(store.claim(group, "order-1", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void releaseFreesTheKey() {
    Claim claim = store.claim(group, "k", LONG).claim();
    assertThat(store.release(claim)).isTrue();
    assertThat(store.release(claim)).as("second release").isFalse();
    ClaimResult again = store.claim(group, "k", LONG);
    assertThat(again.status()).isEqualTo(ClaimStatus.ACQUIRED);
    assertThat(again.claim().owner()).isNotEqualTo(claim.owner());
  }

  @Test
  void groupsAreSeparateNamespaces() {
    Claim claim = store.claim(group, "shared", LONG).claim();
    store.complete(claim, LONG);
    assertThat(store.claim(group + "-other", "shared", LONG).status())
        .isEqualTo(ClaimStatus.ACQUIRED);
    assertThat(store.claim(group, "shared", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void expiredLeaseIsTakenOverAndStaleOwnerCanDoNothing() {
    Claim stale = store.claim(group, "slow", SHORT).claim();
    ClaimResult successor =
        await()
            .atMost(PATIENCE)
            .until(() -> store.claim(group, "slow", LONG), ClaimResult::acquired);
    assertThat(successor.claim().owner()).isNotEqualTo(stale.owner());

    assertThat(store.complete(stale, LONG)).as("stale complete").isFalse();
    assertThat(store.release(stale)).as("stale release").isFalse();
    assertThat(store.renew(stale, LONG)).as("stale renew").isFalse();
    assertThat(store.claim(group, "slow", LONG).status())
        .as("successor still holds the key")
        .isEqualTo(ClaimStatus.IN_PROGRESS);

    assertThat(store.complete(successor.claim(), LONG)).isTrue();
    assertThat(store.claim(group, "slow", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void lapsedClaimThatNobodyTookIsCompletedOrLeftFree() throws Exception {
    Claim lapsed = store.claim(group, "lapsed", SHORT).claim();
    Thread.sleep(SHORT.multipliedBy(3).toMillis()); // time passes; nobody claims meanwhile

    // SQL and in-memory stores still know the owner; Redis forgot the record: then it is free.
    if (store.complete(lapsed, LONG)) {
      assertThat(store.claim(group, "lapsed", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
    } else {
      assertThat(store.claim(group, "lapsed", LONG).status()).isEqualTo(ClaimStatus.ACQUIRED);
    }
  }

  @Test
  void renewAllAnswersPerClaimAndNeverReopensADoneRecord() {
    List<ClaimResult> claimed = store.claimAll(group, List.of("a", "b", "c"), LONG);
    store.complete(claimed.get(1).claim(), LONG);
    Claim forged = new Claim(group, "c", UUID.randomUUID().toString());

    assertThat(
            store.renewAll(List.of(claimed.get(0).claim(), claimed.get(1).claim(), forged), LONG))
        .containsExactly(true, false, false);
    assertThat(store.claimAll(group, List.of("a", "b", "c"), LONG))
        .extracting(ClaimResult::status)
        .containsExactly(ClaimStatus.IN_PROGRESS, ClaimStatus.DUPLICATE, ClaimStatus.IN_PROGRESS);
  }

  @Test
  void renewKeepsTheLeaseAlive() {
    Claim claim = store.claim(group, "long-handler", SHORT).claim();
    assertThat(store.renew(claim, LONG)).isTrue();
    // Well past the first lease, the key is still held.
    await()
        .pollDelay(SHORT.multipliedBy(3))
        .atMost(PATIENCE)
        .until(() -> store.claim(group, "long-handler", LONG).status() == ClaimStatus.IN_PROGRESS);
    assertThat(store.complete(claim, LONG)).isTrue();
  }

  @Test
  void doneRecordExpiresAfterRetention() {
    Claim claim = store.claim(group, "short-lived", LONG).claim();
    assertThat(store.complete(claim, SHORT)).isTrue();
    assertThat(store.claim(group, "short-lived", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
    await().atMost(PATIENCE).until(() -> store.claim(group, "short-lived", LONG).acquired());
  }

  @Test
  void batchClaimAnswersPerKey() {
    Claim done = store.claim(group, "done", LONG).claim();
    store.complete(done, LONG);
    store.claim(group, "busy", LONG);

    List<ClaimResult> results =
        store.claimAll(group, List.of("done", "busy", "fresh-1", "fresh-2", "fresh-1"), LONG);

    assertThat(results)
        .extracting(ClaimResult::status)
        .containsExactly(
            ClaimStatus.DUPLICATE,
            ClaimStatus.IN_PROGRESS,
            ClaimStatus.ACQUIRED,
            ClaimStatus.ACQUIRED,
            ClaimStatus.IN_PROGRESS);
    assertThat(results.get(2).claim().key()).isEqualTo("fresh-1");
    assertThat(results.get(3).claim().key()).isEqualTo("fresh-2");
    assertThat(store.claimAll(group, List.of(), LONG)).isEmpty();
  }

  @Test
  void batchCompleteAnswersPerClaim() {
    List<ClaimResult> claimed = store.claimAll(group, List.of("a", "b", "c"), LONG);
    Claim forged = new Claim(group, "b", UUID.randomUUID().toString());

    List<Boolean> completed =
        store.completeAll(List.of(claimed.get(0).claim(), forged, claimed.get(2).claim()), LONG);

    assertThat(completed).containsExactly(true, false, true);
    assertThat(store.claimAll(group, List.of("a", "b", "c"), LONG))
        .extracting(ClaimResult::status)
        .containsExactly(ClaimStatus.DUPLICATE, ClaimStatus.IN_PROGRESS, ClaimStatus.DUPLICATE);
    assertThat(store.completeAll(List.of(), LONG)).isEmpty();
  }

  @Test
  void completeAllAndClaimAllAnswersBothPartsInOrder() throws Exception {
    List<ClaimResult> first = store.claimAll(group, List.of("n-1", "n-2", "n-3"), LONG);
    Claim forged = new Claim(group, "n-2", UUID.randomUUID().toString());
    store.claim(group, "lapsed", SHORT);
    store.complete(store.claim(group, "old", LONG).claim(), LONG);

    Thread.sleep(SHORT.multipliedBy(3).toMillis()); // the lease of "lapsed" runs out
    CompletedAndClaimed answer =
        store.completeAllAndClaimAll(
            List.of(first.get(0).claim(), forged, first.get(2).claim()),
            LONG,
            group,
            List.of("next-1", "old", "n-2", "lapsed", "next-2", "next-1"),
            LONG);

    assertThat(answer.completed()).containsExactly(true, false, true);
    assertThat(answer.claimed())
        .extracting(ClaimResult::status)
        .containsExactly(
            ClaimStatus.ACQUIRED,
            ClaimStatus.DUPLICATE,
            ClaimStatus.IN_PROGRESS,
            ClaimStatus.ACQUIRED,
            ClaimStatus.ACQUIRED,
            ClaimStatus.IN_PROGRESS);
    assertThat(answer.claimed().get(3).claim().key()).isEqualTo("lapsed");
    assertThat(store.claimAll(group, List.of("n-1", "n-3", "next-2"), LONG))
        .extracting(ClaimResult::status)
        .containsExactly(ClaimStatus.DUPLICATE, ClaimStatus.DUPLICATE, ClaimStatus.IN_PROGRESS);
    assertThat(store.complete(answer.claimed().get(4).claim(), LONG)).isTrue();
  }

  @Test
  void aKeyCompletedAndClaimedInOneCallIsNeverAcquiredAgain() {
    Claim held = store.claim(group, "copy", LONG).claim();

    CompletedAndClaimed answer =
        store.completeAllAndClaimAll(List.of(held), LONG, group, List.of("copy"), LONG);

    assertThat(answer.completed()).containsExactly(true);
    assertThat(answer.claimed().get(0).status()).isNotEqualTo(ClaimStatus.ACQUIRED);
    assertThat(store.claim(group, "copy", LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
    assertThat(store.completeAllAndClaimAll(List.of(), LONG, group, List.of("copy"), LONG))
        .isEqualTo(new CompletedAndClaimed(List.of(), List.of(ClaimResult.duplicate())));
  }

  @Test
  void hostileKeysAreSafeAndDistinct() {
    String tenKb = "x".repeat(10 * 1024);
    List<String> keys =
        List.of(
            " spaced key ",
            "ключ-🔑-鍵-ü",
            tenKb + "a",
            tenKb + "b",
            "quote' \"double\" ; DROP TABLE steadfast_dedup; --",
            "lua ]] end redis.call('FLUSHALL') --[[",
            "{hash-tag}*?[glob]",
            "line\nbreak\ttab\u0000nul",
            "🔑".repeat(600));
    List<ClaimResult> claimed = store.claimAll(group, keys, LONG);
    assertThat(claimed).allMatch(ClaimResult::acquired);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(claimed.get(i).claim().key()).isEqualTo(keys.get(i));
      assertThat(store.claim(group, keys.get(i), LONG).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
      assertThat(store.complete(claimed.get(i).claim(), LONG)).isTrue();
      assertThat(store.claim(group, keys.get(i), LONG).status()).isEqualTo(ClaimStatus.DUPLICATE);
    }
  }

  @Test
  void badInputGetsClearErrors() {
    assertThatThrownBy(() -> store.claim(group, "", LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> store.claim("bad group!", "k", LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consumer group");
    assertThatThrownBy(() -> store.claim(group, "k", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
    assertThat(store.claim(group, "k", LONG).status())
        .as("nothing was stored by the refused calls")
        .isEqualTo(ClaimStatus.ACQUIRED);
  }

  /** 8 threads claim the same 1,000 keys at once (half one by one, half in batches of 50). */
  @Test
  void concurrentClaimsHaveExactlyOneWinnerPerKey() throws Exception {
    List<String> keys = IntStream.range(0, 1000).mapToObj(i -> "concurrent-" + i).toList();
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    AtomicInteger others = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        boolean batched = t % 2 == 1;
        futures.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int from = 0; from < keys.size(); from += 50) {
                    List<String> slice = keys.subList(from, from + 50);
                    List<ClaimResult> results =
                        batched
                            ? store.claimAll(group, slice, LONG)
                            : slice.stream().map(k -> store.claim(group, k, LONG)).toList();
                    for (int i = 0; i < slice.size(); i++) {
                      ClaimResult result = results.get(i);
                      if (result.acquired()) {
                        wins.computeIfAbsent(slice.get(i), k -> new AtomicInteger())
                            .incrementAndGet();
                      } else {
                        assertThat(result.status())
                            .isIn(ClaimStatus.DUPLICATE, ClaimStatus.IN_PROGRESS);
                        others.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(wins).hasSize(1000);
    assertThat(wins.values()).allMatch(count -> count.get() == 1);
    assertThat(others.get()).isEqualTo(7000);
  }
}
