package io.steadfast.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every event senders and consumers report, for tests, demos and simple dashboards.
 * Thread-safe; extend it to count more.
 */
public class CountingMetrics implements SteadfastMetrics {
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong duplicatesSuppressed = new AtomicLong();
  private final AtomicLong inProgressSkipped = new AtomicLong();
  private final AtomicLong released = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();
  private final AtomicLong deadLetterBound = new AtomicLong();
  private final AtomicLong leasesLost = new AtomicLong();
  private final AtomicLong storeFailures = new AtomicLong();
  private final AtomicLong sendRetries = new AtomicLong();
  private final AtomicLong outboxSent = new AtomicLong();
  private final AtomicLong inboxStored = new AtomicLong();
  private final AtomicLong inboxRetries = new AtomicLong();
  private final AtomicLong inboxParked = new AtomicLong();
  private final AtomicLong outboxRetries = new AtomicLong();
  private final AtomicLong outboxParked = new AtomicLong();
  private final AtomicLong outboxPending = new AtomicLong();
  private final AtomicLong outboxOldestPendingAgeMillis = new AtomicLong();

  @Override
  public void processed(String group, String topic) {
    processed.incrementAndGet();
  }

  @Override
  public void duplicateSuppressed(String group, String topic) {
    duplicatesSuppressed.incrementAndGet();
  }

  @Override
  public void inProgressSkipped(String group, String topic) {
    inProgressSkipped.incrementAndGet();
  }

  @Override
  public void released(String group, String topic) {
    released.incrementAndGet();
  }

  @Override
  public void redelivering(String group, String topic, int deliveryAttempt) {
    redeliveries.incrementAndGet();
  }

  @Override
  public void deadLetterBound(String group, String topic) {
    deadLetterBound.incrementAndGet();
  }

  @Override
  public void leaseLost(String group, String topic) {
    leasesLost.incrementAndGet();
  }

  @Override
  public void storeCall(String operation, long nanos, boolean ok) {
    if (!ok) {
      storeFailures.incrementAndGet();
    }
  }

  @Override
  public void sendRetried(String topic, int failedAttempt) {
    sendRetries.incrementAndGet();
  }

  @Override
  public void outboxSent(String outbox, String topic) {
    outboxSent.incrementAndGet();
  }

  @Override
  public void outboxRetryScheduled(String outbox, String topic) {
    outboxRetries.incrementAndGet();
  }

  @Override
  public void outboxParked(String outbox, String topic) {
    outboxParked.incrementAndGet();
  }

  @Override
  public void outboxBacklog(String outbox, long pending, long parked, long oldestPendingAgeMillis) {
    outboxPending.set(pending);
    outboxOldestPendingAgeMillis.set(oldestPendingAgeMillis);
  }

  @Override
  public void inboxStored(String group, String topic) {
    inboxStored.incrementAndGet();
  }

  @Override
  public void inboxRetryScheduled(String group, String topic) {
    inboxRetries.incrementAndGet();
  }

  @Override
  public void inboxParked(String group, String topic) {
    inboxParked.incrementAndGet();
  }

  /** Messages whose handler succeeded and whose dedup record is DONE. */
  public long processedCount() {
    return processed.get();
  }

  /** Copies acked without running the handler because their key was DONE. */
  public long duplicatesSuppressedCount() {
    return duplicatesSuppressed.get();
  }

  /** Copies left for redelivery because another consumer held their key. */
  public long inProgressSkippedCount() {
    return inProgressSkipped.get();
  }

  /** Claims released after a handler failure or at shutdown. */
  public long releasedCount() {
    return released.get();
  }

  /** Messages not acked, to be redelivered. */
  public long redeliveriesCount() {
    return redeliveries.get();
  }

  /** Messages that reached the group's max attempts. */
  public long deadLetterBoundCount() {
    return deadLetterBound.get();
  }

  /** Claims lost under a running handler (taken over or completed by another consumer). */
  public long leasesLostCount() {
    return leasesLost.get();
  }

  /** Store calls that threw. */
  public long storeFailuresCount() {
    return storeFailures.get();
  }

  /** Send attempts that failed and were retried. */
  public long sendRetriesCount() {
    return sendRetries.get();
  }

  /** Messages acked after dedup: processed once, or recognised as a copy of a processed one. */
  public long settledCount() {
    return processedCount() + duplicatesSuppressedCount();
  }

  /** Outbox rows acked and marked sent. */
  public long outboxSentCount() {
    return outboxSent.get();
  }

  /** Outbox sends that failed and were scheduled again. */
  public long outboxRetriesCount() {
    return outboxRetries.get();
  }

  /** Outbox rows parked after a permanent failure. */
  public long outboxParkedCount() {
    return outboxParked.get();
  }

  /** Unsent outbox rows at the last backlog report. */
  public long outboxPending() {
    return outboxPending.get();
  }

  /** Age of the oldest unsent outbox row at the last backlog report, in milliseconds. */
  public long outboxOldestPendingAgeMillis() {
    return outboxOldestPendingAgeMillis.get();
  }

  /** Messages the inbox consumer stored. */
  public long inboxStoredCount() {
    return inboxStored.get();
  }

  /** Inbox handler runs that failed and were scheduled again. */
  public long inboxRetriesCount() {
    return inboxRetries.get();
  }

  /** Inbox rows parked. */
  public long inboxParkedCount() {
    return inboxParked.get();
  }
}
