package io.steadfast.outbox;

import io.steadfast.produce.OutgoingMessage;
import java.sql.Connection;

/**
 * Where generated producers put the messages of their outbox methods (those taking a {@code
 * Connection} or {@code SqlSession}): one row per message, written in the caller's transaction. The
 * message is sent by an {@link OutboxRelay} once that transaction has committed, and never if it
 * rolls back.
 */
public interface Outbox {
  /**
   * Writes {@code message} (its payload encoded now, its {@code steadfast-id} kept for every later
   * send) as a row on {@code transaction}, which the caller commits or rolls back; this method
   * never commits, rolls back or closes it. In auto-commit mode the row is committed at once.
   *
   * @throws OutboxException if the row cannot be written; the caller's transaction must then be
   *     rolled back (on PostgreSQL it can no longer commit)
   */
  void enqueue(Connection transaction, OutgoingMessage message);
}
