package io.steadfast.metrics;

import io.steadfast.produce.SendFailedException;

/**
 * Receives counts and timings from senders and consumers; every method defaults to doing nothing,
 * so implementations override what they export. Calls come from client and handler threads and must
 * be fast and thread-safe.
 */
public interface SteadfastMetrics {
  /** Does nothing. */
  SteadfastMetrics NONE = new SteadfastMetrics() {};

  /** A handler returned normally and its dedup record is DONE. */
  default void processed(String group, String topic) {}

  /** A message whose key was already DONE was acked without running the handler. */
  default void duplicateSuppressed(String group, String topic) {}

  /** A message whose key another consumer holds was left for redelivery. */
  default void inProgressSkipped(String group, String topic) {}

  /** A claim was released because its handler failed or the consumer shut down. */
  default void released(String group, String topic) {}

  /** A message was not acked and will be redelivered (handler failure, bad input, store outage). */
  default void redelivering(String group, String topic, int deliveryAttempt) {}

  /**
   * A claim was lost under a running handler: another consumer took the key over or completed it
   * (the lease ran out, e.g. renewals stalled). The effect may have been applied twice.
   */
  default void leaseLost(String group, String topic) {}

  /** A failing message reached the group's max attempts and goes to the dead-letter queue. */
  default void deadLetterBound(String group, String topic) {}

  /** One call to the dedup store took {@code nanos}; {@code ok} is false if it threw. */
  default void storeCall(String operation, long nanos, boolean ok) {}

  /** A send attempt failed and will be retried. */
  default void sendRetried(String topic, int failedAttempt) {}

  /**
   * A send ended: {@code outcome} is null when the broker acked it, else the failure's outcome;
   * {@code attempts} counts the attempts it took (0 when it never started, e.g. no in-flight slot).
   */
  default void sendFinished(String topic, SendFailedException.Outcome outcome, int attempts) {}

  /** An outbox row was acked by the broker and marked sent. */
  default void outboxSent(String outbox, String topic) {}

  /** An outbox row's send failed (not permanently); the relay sends it again after a delay. */
  default void outboxRetryScheduled(String outbox, String topic) {}

  /** An outbox row failed permanently and was parked until it is replayed. */
  default void outboxParked(String outbox, String topic) {}

  /**
   * The outbox's backlog, reported by each relay every {@code backlogInterval}: rows not yet sent,
   * parked rows, and the age of the oldest unsent row (0 when there is none).
   */
  default void outboxBacklog(
      String outbox, long pending, long parked, long oldestPendingAgeMillis) {}

  /** The inbox consumer stored a delivered message (and acked it). */
  default void inboxStored(String group, String topic) {}

  /** An inbox handler failed; its row runs again after a delay. */
  default void inboxRetryScheduled(String group, String topic) {}

  /** An inbox row was parked: its handler failed on every attempt, or it cannot be handled. */
  default void inboxParked(String group, String topic) {}
}
