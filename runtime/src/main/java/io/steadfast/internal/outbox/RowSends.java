package io.steadfast.internal.outbox;

import io.steadfast.internal.Backoff;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.outbox.OutboxRecord;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.outbox.OutboxStore;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends claimed rows and settles each failure in the table: a PERMANENT one parks the row (ERROR
 * log, {@code outboxParked}), any other schedules it again after a doubling delay (WARN, {@code
 * outboxRetryScheduled}). A failure to record that outcome leaves the row leased, so it is sent
 * again after its lease: a copy at worst, never a loss.
 */
final class RowSends {
  private static final Logger log = LoggerFactory.getLogger(RowSends.class);

  private final OutboxRelayConfig config;
  private final OutboxStore outbox;

  RowSends(OutboxRelayConfig config) {
    this.config = config;
    this.outbox = config.outbox();
  }

  /** Sends {@code row}; completes with true (and adds it to {@code sent}) once it was acked. */
  CompletableFuture<Boolean> send(OutboxRecord row, Queue<OutboxRecord> sent) {
    CompletableFuture<?> ack;
    try {
      ack = config.sender().sendAsync(row.message());
    } catch (RuntimeException e) {
      ack = CompletableFuture.failedFuture(e);
    }
    return ack.handle(
        (receipt, failure) -> {
          if (failure == null) {
            sent.add(row);
            return true;
          }
          settle(row, failure);
          return false;
        });
  }

  /**
   * Sends one message group's rows one after another, each only after the previous one was acked;
   * after a failure the rest wait (released, not counted as attempts) so the group keeps its order.
   */
  CompletableFuture<Boolean> sendInOrder(List<OutboxRecord> rows, Queue<OutboxRecord> sent) {
    CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
    for (OutboxRecord row : rows) {
      chain =
          chain.thenCompose(
              previousSent -> {
                if (previousSent) {
                  return send(row, sent);
                }
                release(row, config.pollInterval());
                return CompletableFuture.completedFuture(false);
              });
    }
    return chain;
  }

  /** Gives {@code row} back, due after {@code delay}; a failure only lets its lease run out. */
  void release(OutboxRecord row, Duration delay) {
    try {
      outbox.release(row, delay);
    } catch (RuntimeException e) {
      log.warn("Outbox {}: {}; the row is due again after its lease", outbox.name(), e.toString());
    }
  }

  private void settle(OutboxRecord row, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String reason = cause.toString();
    try {
      if (cause instanceof SendFailedException f && f.outcome() == Outcome.PERMANENT) {
        outbox.park(row, reason);
        log.error(
            "Outbox {}: {} failed permanently and is parked: {}. Fix the cause, then replay it"
                + " (OutboxStore.replay({})).",
            outbox.name(),
            describe(row),
            reason,
            row.id());
        metric(config.metrics(), m -> m.outboxParked(outbox.name(), row.topic()));
      } else {
        Duration delay =
            Backoff.doubling(config.firstRetryDelay(), config.maxRetryDelay(), row.attempt());
        outbox.retryLater(row, delay, reason);
        log.warn(
            "Outbox {}: send {} of {} failed ({}); sending it again in {}",
            outbox.name(),
            row.attempt(),
            describe(row),
            reason,
            delay);
        metric(config.metrics(), m -> m.outboxRetryScheduled(outbox.name(), row.topic()));
      }
    } catch (RuntimeException e) {
      log.warn(
          "Outbox {}: the failed send of {} could not be recorded ({}); it is sent again after its"
              + " lease",
          outbox.name(),
          describe(row),
          e.toString());
    }
  }

  static String describe(OutboxRecord row) {
    return "row "
        + row.id()
        + " (steadfast-id "
        + row.steadfastId()
        + ", topic "
        + row.topic()
        + (row.tag() == null ? "" : ", tag " + row.tag())
        + (row.messageGroup() == null ? "" : ", message group " + row.messageGroup())
        + ")";
  }

  /** Calls the metrics listener; a listener that throws is logged and ignored. */
  static void metric(SteadfastMetrics metrics, Consumer<SteadfastMetrics> call) {
    try {
      call.accept(metrics);
    } catch (RuntimeException e) {
      log.warn("Metrics listener {} failed; the relay goes on", metrics, e);
    }
  }
}
