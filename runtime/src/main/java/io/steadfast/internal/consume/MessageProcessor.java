package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.internal.DaemonThreads;
import io.steadfast.internal.consume.LeaseKeeper.Hold;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's core, independent of how messages arrive: decode, compute the dedup key, claim, run
 * the handler, complete, and say whether to ack. A batch claims all its keys in one store round
 * trip; each success is written DONE while the batch's next handlers run ({@link
 * PendingCompletions}); a failing message does not affect the others. A message is acked only when
 * its completion took effect.
 */
final class MessageProcessor {
  private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);

  /** A received message and how to keep it invisible while its handler runs. */
  record Delivery(IncomingMessage message, InvisibilityExtender extender) {}

  /** A handled message waiting for its completion. */
  private record Handled(PreparedMessage prepared, Hold hold) {}

  private final String group;
  private final Routes routes;
  private final ConsumerConfig config;
  private final StoreCalls store;
  private final LeaseKeeper leases;
  private final SteadfastMetrics metrics;
  private final Redeliveries redeliveries;
  private final HandlerCalls handlers;
  private final TransactionalProcessing transactional; // null: no binding takes that path
  private final ScheduledThreadPoolExecutor flusher;
  private final MessagePreparation preparation;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;
  private volatile long closeDeadlineNanos;

  MessageProcessor(ConsumerDefinition definition, ConsumerConfig config) {
    this.group = definition.group();
    this.routes = new Routes(definition);
    this.config = config;
    this.metrics = config.metrics();
    this.store = new StoreCalls(config.store(), metrics);
    this.leases =
        new LeaseKeeper(group, store, metrics, config.lease(), config.invisibleDuration());
    this.redeliveries = new Redeliveries(group, config.maxDeliveryAttempts(), metrics);
    this.handlers = new HandlerCalls(leases, redeliveries);
    this.preparation = new MessagePreparation(group, routes, config.codecs(), redeliveries);
    this.transactional =
        routes.all().stream().anyMatch(b -> TransactionalProcessing.takes(b, config))
            ? new TransactionalProcessing(
                group, routes.all(), config, store, leases, handlers, redeliveries)
            : null;
    if (transactional != null) {
      warnIfNoMappers(config);
    }
    this.flusher =
        new ScheduledThreadPoolExecutor(
            config.threads(), DaemonThreads.named("steadfast-complete-" + group));
    flusher.setRemoveOnCancelPolicy(true);
  }

  private void warnIfNoMappers(ConsumerConfig config) {
    List<String> withSession =
        routes.all().stream()
            .filter(HandlerBinding::transactional)
            .map(b -> b.source().orElse("the handler of topic " + b.topic() + " tag " + b.tag()))
            .toList();
    if (!withSession.isEmpty()
        && config.store() instanceof MyBatisIdempotencyStore sql
        && sql.businessMappers().isEmpty()) {
      log.warn(
          "Consumer {}: {} take(s) a SqlSession, but the store's sessions know no mapper:"
              + " tx.getConnection() works, tx.getMapper(YourMapper.class) fails with"
              + " BindingException. For mappers, build the store with"
              + " MyBatisIdempotencyStore.builder(dataSource).businessSessions(yourSqlSessionFactory)"
              + " over the same database (README: \"Database work in the handler's transaction\").",
          group,
          String.join(", ", withSession));
    }
  }

  String group() {
    return group;
  }

  Routes routes() {
    return routes;
  }

  Disposition process(IncomingMessage message, InvisibilityExtender extender) {
    return processBatch(List.of(new Delivery(message, extender))).get(0);
  }

  /** One disposition per delivery, in order. */
  List<Disposition> processBatch(List<Delivery> batch) {
    inFlight.incrementAndGet();
    try {
      Disposition[] out = new Disposition[batch.size()];
      List<PreparedMessage> plain = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Delivery d = batch.get(i);
        if (closing) {
          out[i] = redeliveries.redeliver(d.message(), "consumer is shutting down", false);
          continue;
        }
        PreparedMessage p = preparation.prepare(i, d);
        if (p == null) {
          out[i] = Disposition.REDELIVER;
        } else if (transactional != null && TransactionalProcessing.takes(p.binding(), config)) {
          out[i] = transactional.process(p);
        } else {
          plain.add(p);
        }
      }
      if (!plain.isEmpty()) {
        processPlain(plain, out);
      }
      return List.of(out);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Finds the binding, decodes and computes the key; null (logged) for bad input. */
  private void processPlain(List<PreparedMessage> plain, Disposition[] out) {
    List<ClaimResult> results;
    try {
      List<String> keys = plain.stream().map(PreparedMessage::key).toList();
      results =
          keys.size() == 1
              ? List.of(store.claim(group, keys.get(0), config.lease()))
              : store.claimAll(group, keys, config.lease());
    } catch (RuntimeException e) {
      for (PreparedMessage p : plain) {
        out[p.index()] = storeUnavailable(p, e);
      }
      return;
    }
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
        new PendingCompletions(store, config.retention(), this::keepCompleting, flusher);
    List<Handled> handled = new ArrayList<>();
    for (int j = 0; j < acquired.size(); j++) {
      PreparedMessage p = acquired.get(j);
      Hold hold = holds.get(j);
      if (closing) {
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
    if (!handled.isEmpty()) {
      settle(handled, completions.finish(), out);
      handled.forEach(h -> h.hold().close());
    }
  }

  /**
   * Whether a failing completion is retried again: always while the consumer runs (its effect
   * happened; the message stays invisible meanwhile), until the shutdown timeout once it closes.
   */
  private boolean keepCompleting() {
    return !closing || System.nanoTime() < closeDeadlineNanos;
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

  /** Stops starting handlers; deliveries arriving from now on are left for redelivery. */
  void beginClose() {
    closeDeadlineNanos = System.nanoTime() + config.shutdownTimeout().toNanos();
    closing = true;
  }

  /** Waits until no delivery is being processed, up to {@code timeout}; true if idle. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Ends the close after {@link #awaitIdle}: no claim is released here. Handlers that finished have
   * completed; claims whose handler never started were released by their batch; a handler still
   * running keeps its claim, renewed until it ends, so no copy runs while it may still write.
   */
  void finishClose(boolean idle) {
    if (!idle) {
      log.warn(
          "Consumer {}: {} batch(es) still running after the shutdown timeout {}; their claims are"
              + " kept and renewed until their handlers end (never released while a handler may"
              + " still write); unacked messages come back after their invisible duration",
          group,
          inFlight.get(),
          config.shutdownTimeout());
    }
    flusher.shutdown();
    leases.close();
  }
}
