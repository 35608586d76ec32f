package io.steadfast.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallCombinerTest {

  @Test
  void aLoneCallIsSentAtOnceAsABatchOfOne() {
    List<List<Integer>> batches = new ArrayList<>();
    CallCombiner<Integer, Integer> combiner = new CallCombiner<>(in -> {
      batches.add(in);
      return in.stream().map(i -> i * 2).toList();
    }, 8);
    assertThat(combiner.call(21)).isEqualTo(42);
    assertThat(combiner.call(5)).isEqualTo(10);
    assertThat(batches).containsExactly(List.of(21), List.of(5));
  }

  @Test
  void concurrentCallsShareBatchesAndEachGetsItsOwnResult() throws Exception {
    int threads = 20;
    int callsPerThread = 200;
    ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger largestBatch = new AtomicInteger();
    AtomicInteger batchCalls = new AtomicInteger();
    CallCombiner<Integer, Integer> combiner = new CallCombiner<>(in -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      batchCalls.incrementAndGet();
      largestBatch.accumulateAndGet(in.size(), Math::max);
      seen.addAll(in);
      sleep(1); // a store round trip: calls arriving meanwhile queue up
      inFlight.decrementAndGet();
      return in.stream().map(i -> -i).toList();
    }, 16);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> wrong = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * callsPerThread;
      wrong.add(pool.submit(() -> {
        int mismatches = 0;
        for (int i = base; i < base + callsPerThread; i++) {
          if (combiner.call(i) != -i) {
            mismatches++;
          }
        }
        return mismatches;
      }));
    }
    for (Future<Integer> w : wrong) {
      assertThat(w.get(60, TimeUnit.SECONDS)).isZero();
    }
    pool.shutdown();
    int calls = threads * callsPerThread;
    System.out.printf("%d calls in %d batch calls, largest %d%n", calls, batchCalls.get(), largestBatch.get());
    assertThat(seen).hasSize(calls).doesNotHaveDuplicates();
    assertThat(maxInFlight.get()).isEqualTo(1);
    assertThat(largestBatch.get()).isBetween(2, 16);
    assertThat(batchCalls.get()).isLessThan(calls);
  }

  @Test
  void aFailedBatchFailsItsCallsAndTheNextCallsStillRun() throws Exception {
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean fail = new AtomicBoolean(true);
    CallCombiner<String, String> combiner = new CallCombiner<>(in -> {
      if (in.contains("first")) {
        firstBatchStarted.countDown();
        await(release);
        return in;
      }
      if (fail.getAndSet(false)) {
        throw new IllegalStateException("store down");
      }
      return in;
    }, 8);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    Future<String> first = pool.submit(() -> combiner.call("first"));
    firstBatchStarted.await();
    Future<String> a = pool.submit(() -> combiner.call("a"));
    Future<String> b = pool.submit(() -> combiner.call("b"));
    Thread.sleep(200); // both queue behind the first batch, so they are sent together
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    for (Future<String> failed : List.of(a, b)) {
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("store down");
    }
    assertThat(combiner.call("after")).isEqualTo("after");
    pool.shutdown();
  }

  @Test
  void anInterruptedWaiterStillGetsItsResultAndKeepsTheInterrupt() throws Exception {
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CallCombiner<String, String> combiner = new CallCombiner<>(in -> {
      if (in.contains("first")) {
        firstBatchStarted.countDown();
        await(release);
      }
      return in.stream().map(String::toUpperCase).toList();
    }, 8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<String> first = pool.submit(() -> combiner.call("first"));
    firstBatchStarted.await();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      String result = combiner.call("second");
      interruptKept.set(Thread.currentThread().isInterrupted() && result.equals("SECOND"));
    });
    waiter.start();
    Thread.sleep(200);
    waiter.interrupt();
    Thread.sleep(100);
    release.countDown();
    waiter.join(10_000);
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
    assertThat(interruptKept).isTrue();
    pool.shutdown();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
