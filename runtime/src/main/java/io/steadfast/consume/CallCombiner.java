package io.steadfast.consume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns concurrent single calls into batch calls: a caller that finds no batch in flight sends its
 * own input at once (no added latency when idle); inputs that arrive meanwhile queue up and go
 * together in the next batch, sent by the first of their callers. Under load (20 push threads
 * each claiming, then completing) the store sees a few batch calls instead of one round trip per
 * message. One batch is in flight at a time; each caller gets its own result, and a failed batch
 * call fails every call in it (the engine then fails those messages closed).
 */
final class CallCombiner<I, O> {
  private final Function<List<I>, List<O>> batchCall;
  private final int maxBatch;
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private boolean inFlight;

  CallCombiner(Function<List<I>, List<O>> batchCall, int maxBatch) {
    this.batchCall = batchCall;
    this.maxBatch = maxBatch;
  }

  /** Runs {@code input} in the next batch and returns its result, or throws its batch's failure. */
  O call(I input) {
    Pending<I, O> mine = new Pending<>(input);
    boolean lead;
    synchronized (this) {
      queue.add(mine);
      lead = !inFlight;
      inFlight = true;
    }
    if (lead || mine.awaitTurnOrResult()) {
      sendNextBatch(); // the queue's head is this call, so the batch includes it
    }
    return mine.result();
  }

  private void sendNextBatch() {
    List<Pending<I, O>> batch = new ArrayList<>();
    synchronized (this) {
      while (!queue.isEmpty() && batch.size() < maxBatch) {
        batch.add(queue.poll());
      }
    }
    try {
      List<O> results = batchCall.apply(batch.stream().map(p -> p.input).toList());
      if (results.size() != batch.size()) {
        throw new IllegalStateException(results.size() + " results for " + batch.size() + " calls");
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).finish(results.get(i), null);
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.finish(null, e)); // each caller rethrows it from result()
    } finally {
      Pending<I, O> next;
      synchronized (this) {
        next = queue.peek();
        inFlight = next != null;
      }
      if (next != null) {
        next.takeTurn();
      }
    }
  }

  /** One queued call: waits until it is answered or until it is its turn to send a batch. */
  private static final class Pending<I, O> {
    private final I input;
    private boolean turn;
    private boolean done;
    private O result;
    private Throwable failure;

    Pending(I input) {
      this.input = input;
    }

    synchronized void finish(O result, Throwable failure) {
      this.result = result;
      this.failure = failure;
      done = true;
      notifyAll();
    }

    synchronized void takeTurn() {
      turn = true;
      notifyAll();
    }

    /**
     * Returns true when this call must send the next batch, false once it was answered. Waits
     * through interrupts (restoring the flag): a call that left the queue's head would stall it.
     */
    synchronized boolean awaitTurnOrResult() {
      boolean interrupted = false;
      while (!done && !turn) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return !done;
    }

    synchronized O result() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }
}
