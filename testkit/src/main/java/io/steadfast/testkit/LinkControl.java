package io.steadfast.testkit;

import io.steadfast.testkit.FaultyLink.Fault;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The state a {@link FaultyLink} shares with its connections: the current faults, the counters, and
 * one condition that pumps wait on while a fault holds their chunk back.
 */
final class LinkControl {
  final LongAdder bytesToServer = new LongAdder();
  final LongAdder bytesToClient = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private final Map<Fault, LongAdder> injected = new EnumMap<>(Fault.class);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile LinkFaults faults = LinkFaults.NONE;
  private volatile boolean closed;

  LinkControl() {
    for (Fault fault : Fault.values()) {
      injected.put(fault, new LongAdder());
    }
  }

  LinkFaults faults() {
    return faults;
  }

  boolean closed() {
    return closed;
  }

  /** Replaces the faults and wakes every waiting pump so that it re-evaluates its chunk. */
  void update(UnaryOperator<LinkFaults> change) {
    lock.lock();
    try {
      faults = change.apply(faults);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the link closed and wakes every pump; false if it was closed already. */
  boolean close() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes waiting pumps after something outside the faults changed (a connection ended). */
  void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a chunk read at {@code readNanos} ({@link System#nanoTime()}) may go on: no
   * blackhole and its latency served. Latency is re-read on every wake-up, so {@code heal()}
   * releases a delayed chunk at once. Returns the faults then in force, or null once the link is
   * closed or {@code gone} says the connection ended.
   */
  LinkFaults awaitForwarding(long readNanos, BooleanSupplier gone) throws InterruptedException {
    boolean held = false;
    boolean delayed = false;
    lock.lock();
    try {
      while (true) {
        if (closed || gone.getAsBoolean()) {
          return null;
        }
        LinkFaults now = faults;
        if (now.blackhole()) {
          if (!held) {
            held = true;
            count(Fault.BLACKHOLE);
          }
          changed.await();
          continue;
        }
        long wait = readNanos + now.latency().toNanos() - System.nanoTime();
        if (wait <= 0) {
          return now;
        }
        if (!delayed) {
          delayed = true;
          count(Fault.LATENCY);
        }
        changed.awaitNanos(wait);
      }
    } finally {
      lock.unlock();
    }
  }

  void count(Fault fault) {
    injected.get(fault).increment();
  }

  void connected() {
    connections.increment();
  }

  FaultyLink.Stats stats(int open) {
    Map<Fault, Long> counts = new EnumMap<>(Fault.class);
    injected.forEach((fault, count) -> counts.put(fault, count.sum()));
    return new FaultyLink.Stats(
        connections.sum(), open, bytesToServer.sum(), bytesToClient.sum(), counts);
  }
}
