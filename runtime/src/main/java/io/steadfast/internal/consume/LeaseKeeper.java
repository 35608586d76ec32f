package io.steadfast.internal.consume;

import io.steadfast.internal.DaemonThreads;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the claims of running handlers and their messages' invisibility alive. One timer thread
 * ticks at a third of the shorter of lease and invisible duration: it renews every hold that has
 * lived a tick in one store call, and starts invisibility changes without waiting for the broker,
 * so a slow proxy or one stuck renewal does not starve the others.
 *
 * <p>A renewal the store refuses is decided by a new claim: if the record had lapsed and nobody
 * took it, the hold continues under the new claim; if another consumer holds or completed it, the
 * hold is marked lost (logged at ERROR, counted) and its message is never acked as done by us.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  /** Makes a message invisible for a while longer, asynchronously. */
  @FunctionalInterface
  interface InvisibilityExtender {
    /** For clients that keep messages invisible themselves (the push consumer's proxy). */
    InvisibilityExtender NONE = d -> CompletableFuture.completedFuture(null);

    CompletableFuture<?> extend(Duration duration);
  }

  /** One running handler's claim (null when a transaction's row lock holds the key instead). */
  final class Hold implements AutoCloseable {
    private final String topic;
    private final InvisibilityExtender extender;
    private final long createdNanos = System.nanoTime();
    private volatile Claim claim;
    private volatile boolean lost;
    private volatile boolean completing;
    private volatile boolean closed;
    private volatile CompletableFuture<?> extending = CompletableFuture.completedFuture(null);

    private Hold(Claim claim, String topic, InvisibilityExtender extender) {
      this.claim = claim;
      this.topic = topic;
      this.extender = extender;
    }

    /** The claim now held: a lapsed claim that was re-claimed has a new owner token. */
    Claim claim() {
      return claim;
    }

    /** True once another consumer took the key over or completed it. */
    boolean lost() {
      return lost;
    }

    /**
     * The handler is done and its claim is being completed. Lease and invisibility stay renewed
     * until the hold closes (a completion may wait out a store outage), but a refused renewal is no
     * longer a lost lease: the record may be DONE already.
     */
    void completing() {
      completing = true;
    }

    /**
     * Stops renewing. Waits (bounded) for an invisibility change in flight, so that an ack sent
     * next uses the receipt handle that change returned.
     */
    @Override
    public void close() {
      closed = true;
      holds.remove(this);
      try {
        extending.get(invisible.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Logged where the change failed; an ack with a stale handle only brings back a copy.
      }
      stopTimerIfDone();
    }
  }

  private final String group;
  private final StoreCalls store;
  private final SteadfastMetrics metrics;
  private final Duration lease;
  private final Duration invisible;
  private final long periodNanos;
  private final Set<Hold> holds = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closing;

  LeaseKeeper(
      String group,
      StoreCalls store,
      SteadfastMetrics metrics,
      Duration lease,
      Duration invisible) {
    this.group = group;
    this.store = store;
    this.metrics = metrics;
    this.lease = lease;
    this.invisible = invisible;
    long periodMillis = Math.max(100, Math.min(lease.toMillis(), invisible.toMillis()) / 3);
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.timer =
        new ScheduledThreadPoolExecutor(1, DaemonThreads.named("steadfast-lease-keeper-" + group));
    timer.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Keeps {@code claim} (may be null) and its message's invisibility alive until closed. */
  Hold hold(Claim claim, String topic, InvisibilityExtender extender) {
    Hold hold = new Hold(claim, topic, extender);
    holds.add(hold);
    return hold;
  }

  /** Renews one hold now for {@code extension} (a handler asking for more time). */
  void renewNow(Hold hold, Duration extension) {
    Claim claim = hold.claim;
    if (claim != null && !hold.lost) {
      renewAll(List.of(hold), List.of(claim), extension);
    }
    extend(hold, extension);
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      List<Hold> due = new ArrayList<>();
      List<Claim> claims = new ArrayList<>();
      for (Hold hold : holds) {
        // Most holds end long before their first renewal: renew only those a tick old.
        if (now - hold.createdNanos < periodNanos) {
          continue;
        }
        extend(hold, invisible);
        Claim claim = hold.claim;
        if (claim != null && !hold.lost) {
          due.add(hold);
          claims.add(claim);
        }
      }
      if (!claims.isEmpty()) {
        renewAll(due, claims, lease);
      }
    } catch (RuntimeException e) {
      log.error("Consumer {}: lease renewal tick failed", group, e);
    }
  }

  private void renewAll(List<Hold> due, List<Claim> claims, Duration duration) {
    List<Boolean> renewed;
    try {
      renewed = store.renewAll(claims, duration);
    } catch (RuntimeException e) {
      log.warn(
          "Consumer {}: renewing {} lease(s) failed ({}); retried next tick",
          group,
          claims.size(),
          e.toString());
      return;
    }
    for (int i = 0; i < due.size(); i++) {
      // A hold completing or closed meanwhile: its renewal was bound to fail.
      if (!renewed.get(i) && !due.get(i).completing && !due.get(i).closed) {
        decide(due.get(i), claims.get(i));
      }
    }
  }

  /** The store refused a renewal: a new claim says whether the key is still ours to hold. */
  private void decide(Hold hold, Claim refused) {
    ClaimResult again;
    try {
      again = store.claim(refused.group(), refused.key(), lease);
    } catch (RuntimeException e) {
      log.warn(
          "Consumer {}: re-claiming key {} failed ({}); retried next tick",
          group,
          refused.key(),
          e.toString());
      return;
    }
    if (again.acquired()) {
      log.warn(
          "Consumer {}: the lease of key {} had lapsed; nobody took it, so it is held again",
          group,
          refused.key());
      hold.claim = again.claim();
      return;
    }
    hold.lost = true;
    metrics.leaseLost(group, hold.topic);
    log.error(
        "Consumer {}: lost the lease of key {} while its handler runs ({} by another consumer);"
            + " the message will not be acked by this consumer. Raise the lease or find what"
            + " stalled renewals",
        group,
        refused.key(),
        again.status() == ClaimStatus.DUPLICATE ? "completed" : "held");
  }

  private void extend(Hold hold, Duration duration) {
    if (!hold.extending.isDone()) {
      return; // the previous change is still under way
    }
    CompletableFuture<?> change;
    try {
      change = hold.extender.extend(duration);
    } catch (RuntimeException e) {
      change = CompletableFuture.failedFuture(e);
    }
    hold.extending =
        change
            .orTimeout(invisible.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete(
                (ok, e) -> {
                  if (e != null && !hold.closed) {
                    log.warn(
                        "Consumer {}: extending a message's invisibility failed: {}",
                        group,
                        e.toString());
                  }
                });
  }

  /**
   * Stops once no handler holds a claim: holds of handlers still running after the consumer's
   * shutdown timeout keep being renewed until their handlers end, so no copy runs beside them.
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
