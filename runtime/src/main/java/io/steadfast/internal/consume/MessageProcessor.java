package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.metrics.SteadfastMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's core, independent of how messages arrive: route, decode and key each delivery, hand
 * it to the path that fits its handler ({@link PlainProcessing}, or {@link TransactionalProcessing}
 * for handlers in a database transaction), and say whether to ack. It also owns the close: no
 * handler starts once closing, and claims of running handlers stay held.
 */
final class MessageProcessor {
  private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);

  /** The longest a batch's completions wait for the next batch, however slow the store. */
  private static final Duration MAX_CARRY_WAIT = Duration.ofMillis(20);

  /** A received message and how to keep it invisible while its handler runs. */
  record Delivery(IncomingMessage message, InvisibilityExtender extender) {}

  private final String group;
  private final Routes routes;
  private final ConsumerConfig config;
  private final LeaseKeeper leases;
  private final Redeliveries redeliveries;
  private final TransactionalProcessing transactional; // null: no binding takes that path
  private final PlainProcessing plain;
  private final CloseState close = new CloseState();
  private final MessagePreparation preparation;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final StoreCalls store;

  MessageProcessor(ConsumerDefinition definition, ConsumerConfig config) {
    this.group = definition.group();
    this.routes = new Routes(definition);
    this.config = config;
    SteadfastMetrics metrics = config.metrics();
    this.store = new StoreCalls(config.store(), metrics);
    this.leases =
        new LeaseKeeper(group, store, metrics, config.lease(), config.invisibleDuration());
    this.redeliveries = new Redeliveries(group, config.maxDeliveryAttempts(), metrics);
    HandlerCalls handlers = new HandlerCalls(leases, redeliveries);
    this.preparation = new MessagePreparation(group, routes, config.codecs(), redeliveries);
    this.transactional =
        routes.all().stream().anyMatch(b -> TransactionalProcessing.takes(b, config))
            ? new TransactionalProcessing(
                group, routes.all(), config, store, leases, handlers, redeliveries)
            : null;
    this.plain = new PlainProcessing(group, config, store, leases, handlers, redeliveries, close);
  }

  String group() {
    return group;
  }

  Routes routes() {
    return routes;
  }

  /**
   * How long a batch engine may wait, as a batch's handlers end, for the next batch to arrive so
   * that this batch's last completions travel with its claim: about one completion's time ({@link
   * StoreCalls#recentCompletion()}), so the wait costs at most what the separate completion would
   * have, and never more than 20 ms.
   */
  Duration carryWait() {
    Duration recent = store.recentCompletion();
    return recent.compareTo(MAX_CARRY_WAIT) <= 0 ? recent : MAX_CARRY_WAIT;
  }

  Disposition process(IncomingMessage message, InvisibilityExtender extender) {
    return processBatch(List.of(new Delivery(message, extender))).get(0);
  }

  /** One disposition per delivery, in order; every completion is written before it returns. */
  List<Disposition> processBatch(List<Delivery> batch) {
    List<List<Disposition>> answer = new ArrayList<>(1);
    processBatch(batch, null, () -> false, answer::add);
    return answer.get(0);
  }

  /**
   * Processes {@code batch} and passes its dispositions (one per delivery, in order) to {@code
   * settled} once they are final. {@code previous}, what the last call carried, is settled here:
   * its completions travel with this batch's claim (one store call for both). When {@code
   * nextWaiting} says, as this batch's handlers end, that the next batch is already received, this
   * batch's last completions are carried in turn: pass the result (null if nothing is carried) to
   * the next call, or to {@link #settle} when none follows.
   */
  PlainProcessing.Carried processBatch(
      List<Delivery> batch,
      PlainProcessing.Carried previous,
      BooleanSupplier nextWaiting,
      Consumer<List<Disposition>> settled) {
    inFlight.incrementAndGet();
    try {
      Disposition[] out = new Disposition[batch.size()];
      List<PreparedMessage> claimable = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Delivery d = batch.get(i);
        if (close.closing()) {
          out[i] = redeliveries.redeliver(d.message(), "consumer is shutting down", false);
          continue;
        }
        PreparedMessage p = preparation.prepare(i, d);
        if (p == null) {
          out[i] = Disposition.REDELIVER;
        } else if (transactional != null && TransactionalProcessing.takes(p.binding(), config)) {
          out[i] = transactional.process(p);
        } else {
          claimable.add(p);
        }
      }
      Runnable whenSettled = () -> settled.accept(List.of(out));
      if (claimable.isEmpty()) {
        whenSettled.run();
        return null;
      }
      PlainProcessing.Carried carried =
          plain.process(claimable, out, previous, nextWaiting, whenSettled);
      if (carried != null) {
        inFlight.incrementAndGet(); // until settled: its claims are held and not yet written
      }
      return carried;
    } finally {
      if (previous != null) {
        plain.settleAlone(previous); // unless this batch's claim settled it
        inFlight.decrementAndGet();
      }
      inFlight.decrementAndGet();
    }
  }

  /** Writes and settles what the last {@link #processBatch} carried, when no batch follows. */
  void settle(PlainProcessing.Carried carried) {
    if (carried != null) {
      try {
        plain.settleAlone(carried);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  /** Stops starting handlers; deliveries arriving from now on are left for redelivery. */
  void beginClose() {
    close.begin(config.shutdownTimeout());
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
    plain.close();
    leases.close();
  }
}
