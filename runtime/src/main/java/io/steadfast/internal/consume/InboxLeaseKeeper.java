package io.steadfast.internal.consume;

import io.steadfast.inbox.InboxRecord;
import io.steadfast.inbox.InboxStore;
import io.steadfast.internal.DaemonThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of the inbox rows whose handlers run, so that no other worker or instance takes
 * a row over while its handler still runs, however long that is. One timer thread ticks at a third
 * of the lease and renews every row that has been held a tick (most handlers end before). A renewal
 * the inbox refuses means another claim took the row after a lapse (a stalled database, a paused
 * JVM): the row's completion will be refused too and logged as a lost lease; renewing it stops. A
 * worker that dies stops renewing, so its rows are due again one lease later.
 */
final class InboxLeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxLeaseKeeper.class);

  /** One running handler's row. */
  final class Hold implements AutoCloseable {
    private final InboxRecord row;
    private final long createdNanos = System.nanoTime();
    private volatile boolean lost;

    private Hold(InboxRecord row) {
      this.row = row;
    }

    /** Stops renewing: the handler ended and its row is about to be completed or given back. */
    @Override
    public void close() {
      holds.remove(this);
      stopTimerIfDone();
    }
  }

  private final String group;
  private final InboxStore inbox;
  private final Duration lease;
  private final long periodNanos;
  private final Set<Hold> holds = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closing;

  InboxLeaseKeeper(String group, InboxStore inbox, Duration lease) {
    this.group = group;
    this.inbox = inbox;
    this.lease = lease;
    long periodMillis = Math.max(100, lease.toMillis() / 3);
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, DaemonThreads.named("steadfast-inbox-lease-keeper-" + group));
    timer.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Keeps {@code row}'s lease renewed until the hold is closed. */
  Hold hold(InboxRecord row) {
    Hold hold = new Hold(row);
    holds.add(hold);
    return hold;
  }

  private void tick() {
    long now = System.nanoTime();
    for (Hold hold : holds) {
      if (!hold.lost && now - hold.createdNanos >= periodNanos) {
        renew(hold);
      }
    }
  }

  private void renew(Hold hold) {
    boolean renewed;
    try {
      renewed = inbox.renew(hold.row, lease);
    } catch (RuntimeException e) {
      log.warn(
          "Inbox consumer {}: renewing the lease of row {} failed ({}); retried next tick",
          group,
          hold.row.id(),
          e.toString());
      return;
    }
    // A hold closed meanwhile: its row may be DONE already, so the refusal means nothing.
    if (!renewed && holds.contains(hold)) {
      hold.lost = true;
      log.warn(
          "Inbox consumer {}: the lease of row {} (key {}) was taken by another claim while its"
              + " handler runs; renewal stops",
          group,
          hold.row.id(),
          hold.row.dedupKey());
    }
  }

  /**
   * Stops once no handler runs: rows of handlers still running after the consumer's shutdown
   * timeout stay renewed until their handlers end, so no copy runs beside them.
   */
  @Override
  public void close() {
    closing = true;
    stopTimerIfDone();
  }

  private void stopTimerIfDone() {
    if (closing && holds.isEmpty()) {
      timer.shutdownNow();
    }
  }
}
