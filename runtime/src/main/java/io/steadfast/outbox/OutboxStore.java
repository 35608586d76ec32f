package io.steadfast.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * An outbox table as a relay and an operator use it. Rows are PENDING (to send), SENT or PARKED. A
 * PENDING row is due when its due time has come; a claim leases due rows to one owner by moving
 * their due time a lease ahead, so a relay that dies leaves its rows due again after the lease, and
 * every change after the claim checks the owner. {@link JdbcOutbox} implements it.
 */
public interface OutboxStore extends Outbox {
  /** A name for logs and metrics, e.g. the table name. */
  String name();

  /**
   * Leases up to {@code max} due PENDING rows, oldest first, to a new owner for {@code lease}. Rows
   * leased to another owner are skipped without waiting for them.
   */
  List<OutboxRecord> claim(int max, Duration lease);

  /** Marks rows SENT (their ack came); a row already SENT or PARKED is left alone. */
  void markSent(Collection<OutboxRecord> records);

  /**
   * Ends the claim of a row whose send failed: due again after {@code delay}, with {@code reason}
   * kept as its last error. Changes nothing if the claim is no longer the row's owner.
   */
  void retryLater(OutboxRecord record, Duration delay, String reason);

  /**
   * Ends the claim of a row without counting it as an attempt, due again after {@code delay} (a
   * FIFO row that waits for an earlier row of its message group).
   */
  void release(OutboxRecord record, Duration delay);

  /** Parks a row after a permanent failure, keeping {@code reason}; it is not sent again. */
  void park(OutboxRecord record, String reason);

  /**
   * Whether a PENDING row of the same topic and message group precedes {@code record}: then {@code
   * record} must wait, to keep the group's order.
   */
  boolean hasEarlierPendingInGroup(OutboxRecord record);

  /** Rows not sent yet, and the age of the oldest. */
  OutboxBacklog backlog();

  /** Up to {@code limit} parked rows, oldest first. */
  List<ParkedMessage> parked(int limit);

  /**
   * Makes a parked row PENDING again, due at once, with its attempts reset; the relay sends it with
   * its original {@code steadfast-id}.
   *
   * @return false if no parked row has this id
   */
  boolean replay(long id);

  /** Deletes SENT rows sent more than {@code retention} ago (database clock); returns how many. */
  int purgeSent(Duration retention);

  /** Runs {@code listener} after every {@link #enqueue} in this JVM (a relay's wake-up hint). */
  void addEnqueueListener(Runnable listener);

  /** Stops running a listener added by {@link #addEnqueueListener}. */
  void removeEnqueueListener(Runnable listener);
}
