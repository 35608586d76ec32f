package io.steadfast.internal.produce;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts sends in flight against a limit. Unlike a {@link java.util.concurrent.Semaphore}, closing
 * it refuses every later slot and wakes every caller waiting for one, and the closed check and the
 * wait happen under one lock, so no caller can slip between them.
 */
final class InFlightWindow {
  /** What {@link #acquire} got. */
  enum Slot {
    TAKEN,
    CLOSED,
    TIMED_OUT
  }

  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFreed = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private int inFlight;
  private boolean closed;

  InFlightWindow(int limit) {
    this.limit = limit;
  }

  /** Takes a slot, waiting up to {@code timeout} for one; never takes one once closed. */
  Slot acquire(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!closed && inFlight >= limit) {
        if (left <= 0) {
          return Slot.TIMED_OUT;
        }
        left = slotFreed.awaitNanos(left);
      }
      if (closed) {
        return Slot.CLOSED;
      }
      inFlight++;
      return Slot.TAKEN;
    } finally {
      lock.unlock();
    }
  }

  /** Frees a slot taken by {@link #acquire}. */
  void release() {
    lock.lock();
    try {
      inFlight--;
      slotFreed.signal();
      if (inFlight == 0) {
        drained.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the window (waiting callers wake and get {@link Slot#CLOSED}), then waits up to {@code
   * timeout} for the slots in use to be freed.
   *
   * @return slots still in use
   */
  int closeAndAwaitDrained(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      closed = true;
      slotFreed.signalAll();
      long left = timeout.toNanos();
      while (inFlight > 0 && left > 0) {
        left = drained.awaitNanos(left);
      }
      return inFlight;
    } finally {
      lock.unlock();
    }
  }
}
