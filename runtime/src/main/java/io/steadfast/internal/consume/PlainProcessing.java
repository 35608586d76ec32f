package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.internal.DaemonThreads;
import io.steadfast.internal.consume.LeaseKeeper.Hold;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.CompletedAndClaimed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handlers outside a database transaction: a batch claims all its keys in one store round trip, its
 * handlers run in order, and each success is written DONE while the next ones run ({@link
 * PendingCompletions}); a failing message does not affect the others. A message is acked only when
 * its completion took effect.
 */
final class PlainProcessing {
  private static final Logger log = LoggerFactory.getLogger(PlainProcessing.class);

  /** A handled message waiting for its completion. */
  private record Handled(PreparedMessage prepared, Hold hold) {}

  private final String group;
  private final ConsumerConfig config;
  private final StoreCalls store;
  private final LeaseKeeper leases;
  private final HandlerCalls handlers;
  private final Redeliveries redeliveries;
  private final CloseState close;
  private final SteadfastMetrics metrics;
  private final ScheduledThreadPoolExecutor flusher;

  PlainProcessing(
      String group,
      ConsumerConfig config,
      StoreCalls store,
      LeaseKeeper leases,
      HandlerCalls handlers,
      Redeliveries redeliveries,
      CloseState close) {
    this.group = group;
    this.config = config;
    this.store = store;
    this.leases = leases;
    this.handlers = handlers;
    this.redeliveries = redeliveries;
    this.close = close;
    this.metrics = config.metrics();
    this.flusher =
        new ScheduledThreadPoolExecutor(
            config.threads(), DaemonThreads.named("steadfast-complete-" + group));
    flusher.setRemoveOnCancelPolicy(true);
  }

  /**
   * The handled messages of a batch whose last completions wait to travel with the next batch's
   * claim; {@code whenSettled} runs once their dispositions are in {@code out}.
   */
  static final class Carried {
    private final List<Handled> handled;
    private final PendingCompletions completions;
    private final List<Claim> handedOver;
    private final Disposition[] out;
    private final Runnable whenSettled;
    private boolean settled;

    private Carried(
        List<Handled> handled,
        PendingCompletions completions,
        Disposition[] out,
        Runnable whenSettled) {
      this.handled = handled;
      this.completions = completions;
      this.handedOver = completions.handOver();
      this.out = out;
      this.whenSettled = whenSettled;
    }
  }

  /**
   * Processes {@code plain} (in batch order), putting each disposition at its index in {@code out}.
   * The completions {@code previous} carries travel with this batch's claim and are settled by it.
   * When {@code nextWaiting} says, as the handlers end, that another batch is already received, the
   * last completions are not written here but carried to it: the result (null when nothing is
   * carried; {@code whenSettled} runs once {@code out} is final, at once or when the carried
   * completions are settled).
   */
  Carried process(
      List<PreparedMessage> plain,
      Disposition[] out,
      Carried previous,
      BooleanSupplier nextWaiting,
      Runnable whenSettled) {
    CompletedAndClaimed claimed;
    try {
      claimed = claim(plain.stream().map(PreparedMessage::key).toList(), previous);
    } catch (RuntimeException e) {
      if (previous != null) {
        settleAlone(previous); // its completions are retried on their own
      }
      for (PreparedMessage p : plain) {
        out[p.index()] = storeUnavailable(p, e);
      }
      whenSettled.run();
      return null;
    }
    if (previous != null) {
      settle(previous, previous.completions.settle(claimed.completed()));
    }
    List<ClaimResult> results = claimed.claimed();
    List<PreparedMessage> acquired = new ArrayList<>();
    List<Hold> holds = new ArrayList<>();
    for (int j = 0; j < plain.size(); j++) {
      PreparedMessage p = plain.get(j);
      ClaimResult r = results.get(j);
      switch (r.status()) {
        case DUPLICATE -> {
          metrics.duplicateSuppressed(group, p.message().topic());
          log.debug(
              "Message {} key {} is already done: acked as duplicate",
              p.message().messageId(),
              p.key());
          out[p.index()] = Disposition.ACK;
        }
        case IN_PROGRESS -> {
          metrics.inProgressSkipped(group, p.message().topic());
          out[p.index()] =
              redeliveries.redeliver(
                  p.message(), "key " + p.key() + " is being processed by another consumer", false);
        }
        case ACQUIRED -> {
          acquired.add(p);
          holds.add(leases.hold(r.claim(), p.message().topic(), p.delivery().extender()));
        }
      }
    }
    PendingCompletions completions =
        new PendingCompletions(store, config.retention(), close::keepCompleting, flusher);
    List<Handled> handled = new ArrayList<>();
    for (int j = 0; j < acquired.size(); j++) {
      PreparedMessage p = acquired.get(j);
      Hold hold = holds.get(j);
      if (close.closing()) {
        // Never started: free the key at once for another consumer.
        hold.close();
        release(hold.claim(), p);
        out[p.index()] = redeliveries.redeliver(p.message(), "consumer is shutting down", false);
      } else if (handlers.run(p, hold, null)) {
        hold.completing();
        handled.add(new Handled(p, hold));
        completions.add(hold.claim(), j < acquired.size() - 1);
      } else {
        hold.close();
        release(hold.claim(), p);
        out[p.index()] = Disposition.REDELIVER;
      }
    }
    if (handled.isEmpty()) {
      whenSettled.run();
      return null;
    }
    if (!close.closing() && nextWaiting.getAsBoolean()) {
      Carried carried = new Carried(handled, completions, out, whenSettled);
      if (!carried.handedOver.isEmpty()) {
        return carried;
      }
      settle(carried, carried.completions.settle(List.of()));
      return null;
    }
    settle(new Carried(handled, completions, out, whenSettled), completions.finish());
    return null;
  }

  /** This batch's claim, carrying {@code previous}'s completions if any: one store call. */
  private CompletedAndClaimed claim(List<String> keys, Carried previous) {
    if (previous != null) {
      return store.completeAllAndClaimAll(
          previous.handedOver, config.retention(), group, keys, config.lease());
    }
    return new CompletedAndClaimed(
        List.of(),
        keys.size() == 1
            ? List.of(store.claim(group, keys.get(0), config.lease()))
            : store.claimAll(group, keys, config.lease()));
  }

  /**
   * Writes carried completions on their own (no batch follows to carry them) and settles them,
   * unless they are settled already.
   */
  void settleAlone(Carried carried) {
    if (!carried.settled) {
      settle(carried, carried.completions.finish());
    }
  }

  private void settle(Carried carried, List<Boolean> completed) {
    carried.settled = true;
    settle(carried.handled, completed, carried.out);
    carried.handled.forEach(h -> h.hold().close());
    carried.whenSettled.run();
  }

  /**
   * Acks the messages whose completion took effect. A completion the store refused is decided by a
   * new claim: a record that lapsed and nobody took is completed again; one that another consumer
   * holds or completed means the lease was lost (ERROR, counted), and only a DONE record is acked.
   */
  private void settle(List<Handled> handled, List<Boolean> completed, Disposition[] out) {
    for (int i = 0; i < handled.size(); i++) {
      PreparedMessage p = handled.get(i).prepared();
      Claim claim = handled.get(i).hold().claim();
      Boolean done = completed.get(i);
      if (done == null) {
        log.error(
            "Message {} (key {}) was handled but could not be marked done before the consumer"
                + " closed; not acked. It is handled again unless the store recovers first",
            p.message().messageId(),
            p.key());
        out[p.index()] =
            redeliveries.redeliver(p.message(), "dedup store unavailable at completion", false);
      } else if (done || completeAfterRefusal(p, claim)) {
        metrics.processed(group, p.message().topic());
        out[p.index()] = Disposition.ACK;
      } else {
        out[p.index()] = redeliveries.redeliver(p.message(), "lease lost before completion", false);
      }
    }
  }

  /** True if the key ends DONE after a refused completion (acked), false to leave it unacked. */
  private boolean completeAfterRefusal(PreparedMessage p, Claim refused) {
    try {
      ClaimResult again = store.claim(group, refused.key(), config.lease());
      if (again.acquired()) {
        log.warn(
            "Message {}: the claim of key {} had lapsed before completion and nobody took it;"
                + " completing under a new claim",
            p.message().messageId(),
            p.key());
        return store.complete(again.claim(), config.retention());
      }
      metrics.leaseLost(group, p.message().topic());
      log.error(
          "Message {}: key {} was {} by another consumer before this handler's completion: the"
              + " lease ran out under a running handler, and its effect may have been applied"
              + " twice. Raise the lease above the handler's run time.{}",
          p.message().messageId(),
          p.key(),
          again.status() == ClaimStatus.DUPLICATE ? "completed" : "taken",
          again.status() == ClaimStatus.DUPLICATE ? " Acked: the key is done." : " Not acked.");
      return again.status() == ClaimStatus.DUPLICATE;
    } catch (RuntimeException e) {
      log.error(
          "Message {}: deciding a refused completion of key {} failed: {}",
          p.message().messageId(),
          p.key(),
          e.toString());
      return false;
    }
  }

  private Disposition storeUnavailable(PreparedMessage p, RuntimeException e) {
    if (config.failOpen()) {
      log.warn(
          "Dedup store unavailable ({}); fail-open: handling message {} WITHOUT duplicate protection",
          e.toString(),
          p.message().messageId());
      if (handlers.run(p, null, null)) {
        metrics.processed(group, p.message().topic());
        return Disposition.ACK;
      }
      return Disposition.REDELIVER;
    }
    return redeliveries.redeliver(
        p.message(), "dedup store unavailable (fail closed): " + e, false);
  }

  private void release(Claim claim, PreparedMessage p) {
    try {
      store.release(claim);
      metrics.released(group, p.message().topic());
    } catch (RuntimeException e) {
      log.warn(
          "Releasing key {} failed ({}); it frees itself when the lease expires",
          claim.key(),
          e.toString());
    }
  }

  /** Stops the completion flusher once no batch runs any more. */
  void close() {
    flusher.shutdown();
  }
}
