package io.steadfast.outbox;

import static io.steadfast.internal.jdbc.LeaseSql.PENDING;

import io.steadfast.internal.jdbc.JdbcDialect;
import io.steadfast.internal.jdbc.JdbcStatements;
import io.steadfast.internal.jdbc.LeaseSql;

/**
 * The outbox's own statements for one table and dialect; the claim, retry, park and replay
 * statements are the shared {@link LeaseSql}. Every time is the database's clock ({@link
 * JdbcDialect#now()}), so relays on hosts with skewed clocks agree on when a lease ran out.
 */
final class OutboxSql {
  /** The columns {@link OutboxColumns#record} reads; the last one is the row's age in millis. */
  final String claimedColumns;

  final String insert;
  final String candidates;
  final String backlog;
  final String parked;
  final String purge;
  final String earlierInGroup;
  final String release;
  private final String table;
  private final String now;

  OutboxSql(String table, JdbcDialect dialect) {
    this.table = table;
    this.now = dialect.now();
    insert =
        "INSERT INTO "
            + table
            + " (steadfast_id, topic, tag, message_keys, message_group, delay_millis,"
            + " content_type, body, state, attempts, created_at, due_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + PENDING
            + ", 0, "
            + now
            + ", "
            + now
            + ")";
    candidates =
        "SELECT id FROM "
            + table
            + " WHERE state = "
            + PENDING
            + " AND due_at <= "
            + now
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    claimedColumns =
        "id, steadfast_id, topic, tag, message_keys, message_group, delay_millis,"
            + " content_type, body, attempts, "
            + now
            + " - created_at";
    backlog =
        "SELECT SUM(CASE WHEN state = "
            + PENDING
            + " THEN 1 ELSE 0 END), SUM(CASE WHEN state = 'PARKED' THEN 1 ELSE 0 END),"
            + " MIN(CASE WHEN state = "
            + PENDING
            + " THEN created_at END), "
            + now
            + " FROM "
            + table
            + " WHERE state IN ("
            + PENDING
            + ", 'PARKED')";
    parked =
        "SELECT id, steadfast_id, topic, tag, message_keys, attempts, last_error FROM "
            + table
            + " WHERE state = 'PARKED' ORDER BY id LIMIT ?";
    purge = "DELETE FROM " + table + " WHERE state = 'SENT' AND sent_at <= " + now + " - ?";
    earlierInGroup =
        "SELECT id FROM "
            + table
            + " WHERE message_group = ? AND topic = ? AND state = "
            + PENDING
            + " AND id < ? LIMIT 1";
    release =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, attempts = attempts - 1, due_at = "
            + now
            + " + ?"
            + LeaseSql.OWNED;
  }

  /** Marks the listed rows SENT ({@code ids...}). */
  String markSent(int rows) {
    return "UPDATE "
        + table
        + " SET state = 'SENT', lease_owner = NULL, last_error = NULL, sent_at = "
        + now
        + " WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND state = "
        + PENDING;
  }
}
