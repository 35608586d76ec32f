package io.steadfast.consume;

import io.steadfast.store.Claim;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews held claims and the broker-side invisibility of their messages while handlers run, at a
 * third of the shorter of lease and invisible duration, so neither expires under a live handler.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  /** Makes a message invisible for a while longer (no-op where the client renews itself). */
  @FunctionalInterface
  interface InvisibilityExtender {
    void extend(Duration duration) throws Exception;
  }

  private final StoreCalls store;
  private final Duration lease;
  private final Duration invisible;
  private final ScheduledThreadPoolExecutor timer;

  LeaseKeeper(StoreCalls store, Duration lease, Duration invisible) {
    this.store = store;
    this.lease = lease;
    this.invisible = invisible;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "steadfast-lease-keeper");
              t.setDaemon(true);
              return t;
            });
    // Most holds end long before their first renewal: drop them from the queue at once.
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Keeps {@code claim} (and its message's invisibility) alive until the returned handle closes. */
  AutoCloseable hold(Claim claim, InvisibilityExtender extender) {
    long period = Math.max(100, Math.min(lease.toMillis(), invisible.toMillis()) / 3);
    ScheduledFuture<?> task =
        timer.scheduleAtFixedRate(
            () -> renew(claim, extender, lease, invisible), period, period, TimeUnit.MILLISECONDS);
    return () -> task.cancel(false);
  }

  /** Renews once now, e.g. when a handler asks for more time. */
  void renew(Claim claim, InvisibilityExtender extender, Duration storeLease, Duration invisibility) {
    try {
      if (!store.renew(claim, storeLease)) {
        log.warn("Lease of key {} was lost before renewal; another consumer may take over", claim.key());
      }
    } catch (RuntimeException e) {
      log.warn("Renewing the lease of key {} failed: {}", claim.key(), e.toString());
    }
    try {
      extender.extend(invisibility);
    } catch (Exception e) {
      log.warn("Extending the invisibility of the message with key {} failed: {}", claim.key(), e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
