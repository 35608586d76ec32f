package io.steadfast.internal.consume;

import io.steadfast.store.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions of one batch. A success is written to the store while the batch's next handlers
 * run: a background flush starts {@link #LINGER} after the first unwritten success and takes every
 * success that has gathered by then, one flush at a time. So a crash re-applies at most the effects
 * of the last few milliseconds, however long the batch runs, while a batch of fast handlers still
 * completes in one round trip (at {@link #finish()}).
 */
final class PendingCompletions {
  private static final Logger log = LoggerFactory.getLogger(PendingCompletions.class);

  /** Long enough for a batch of fast handlers to finish first, short against a store round trip. */
  static final Duration LINGER = Duration.ofMillis(5);

  private final StoreCalls store;
  private final Duration retention;
  private final BooleanSupplier keepTrying;
  private final ScheduledExecutorService flusher;
  private final List<Claim> claims = new ArrayList<>();

  /** Per claim: true/false as the store answered, null where the store could not be reached. */
  private final List<Boolean> results = new ArrayList<>();

  private int written;
  private boolean flushing;
  private boolean finishing;
  private Future<?> scheduled;

  /**
   * @param keepTrying whether a failing completion is retried once more; when it says no, the
   *     claims are given up (null results: not acked)
   */
  PendingCompletions(
      StoreCalls store,
      Duration retention,
      BooleanSupplier keepTrying,
      ScheduledExecutorService flusher) {
    this.store = store;
    this.retention = retention;
    this.keepTrying = keepTrying;
    this.flusher = flusher;
  }

  /**
   * Adds a handled claim; {@code moreHandlers}: whether handlers of this batch still run after it.
   */
  synchronized void add(Claim claim, boolean moreHandlers) {
    claims.add(claim);
    if (moreHandlers && scheduled == null && !flushing) {
      schedule();
    }
  }

  /** Writes what is left, waits for a flush in flight, and answers one result per added claim. */
  List<Boolean> finish() {
    stopScheduling();
    flush(true);
    synchronized (this) {
      while (results.size() < claims.size()) {
        results.add(null); // interrupted before they were written: not acked
      }
      return new ArrayList<>(results);
    }
  }

  /**
   * Ends the batch like {@link #finish()}, but leaves the claims not yet written to the caller, who
   * writes them with the next batch's claim: waits for a flush in flight and returns them. Pass
   * their answers to {@link #settle}, or call {@link #finish()} to write them here after all.
   */
  synchronized List<Claim> handOver() {
    stopScheduling();
    while (flushing) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.copyOf(claims.subList(written, claims.size()));
  }

  /**
   * Records the store's answers to the claims {@link #handOver()} returned; one per added claim.
   */
  synchronized List<Boolean> settle(List<Boolean> handedOver) {
    record(written, handedOver);
    while (results.size() < claims.size()) {
      results.add(null);
    }
    return new ArrayList<>(results);
  }

  /** The batch is ending: no background flush starts any more. */
  private synchronized void stopScheduling() {
    finishing = true;
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
  }

  private void schedule() {
    try {
      scheduled = flusher.schedule(() -> flush(false), LINGER.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      scheduled = null; // the consumer is closing: finish() writes everything
    }
  }

  /**
   * Writes every success not yet written, one flush at a time: the final flush ({@code last}) waits
   * for one in flight, a background one leaves the work to it.
   */
  private void flush(boolean last) {
    List<Claim> batch;
    int from;
    synchronized (this) {
      if (!last) {
        scheduled = null;
      }
      while (flushing) {
        if (!last) {
          return;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      from = written;
      batch = List.copyOf(claims.subList(from, claims.size()));
      flushing = true;
    }
    List<Boolean> answers = completeWithRetry(batch);
    synchronized (this) {
      record(from, answers);
      flushing = false;
      notifyAll();
      if (!finishing && written < claims.size()) {
        schedule();
      }
    }
  }

  private synchronized void record(int from, List<Boolean> answers) {
    while (results.size() < from + answers.size()) {
      results.add(null);
    }
    for (int i = 0; i < answers.size(); i++) {
      results.set(from + i, answers.get(i));
    }
    written = from + answers.size();
  }

  /**
   * The store's answers, retrying while it fails and {@code keepTrying} agrees (all null after):
   * the handlers' effects happened, so giving up early would let a copy apply them again once the
   * lease lapses, while the message stays invisible as long as its hold is open.
   */
  private List<Boolean> completeWithRetry(List<Claim> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    long backoffMillis = 100;
    while (true) {
      try {
        return batch.size() == 1
            ? List.of(store.complete(batch.get(0), retention))
            : store.completeAll(batch, retention);
      } catch (RuntimeException e) {
        if (!keepTrying.getAsBoolean()) {
          log.error("Completing {} claim(s) failed: {}", batch.size(), e.toString());
          return Arrays.asList(new Boolean[batch.size()]);
        }
        log.warn("Completing {} claim(s) failed, retrying: {}", batch.size(), e.toString());
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return Arrays.asList(new Boolean[batch.size()]);
        }
        // Short: once the store is back, this completion must land before the lease lapses.
        backoffMillis = Math.min(backoffMillis * 2, 500);
      }
    }
  }
}
