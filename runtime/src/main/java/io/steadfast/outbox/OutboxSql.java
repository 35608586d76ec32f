package io.steadfast.outbox;

import io.steadfast.internal.JdbcDialect;
import io.steadfast.internal.JdbcStatements;

/**
 * The outbox's statements for one table and dialect. Every time is the database's clock ({@link
 * JdbcDialect#now()}), so relays on hosts with skewed clocks agree on when a lease ran out.
 */
final class OutboxSql {
  static final String PENDING = "'PENDING'";

  final String insert;
  final String candidates;
  final String claimedColumns;
  final String backlog;
  final String parked;
  final String replay;
  final String purge;
  final String earlierInGroup;
  final String retryLater;
  final String release;
  final String park;
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
        "SELECT id, steadfast_id, topic, tag, message_keys, message_group, delay_millis,"
            + " content_type, body, attempts, "
            + now
            + " - created_at FROM "
            + table;
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
    replay =
        "UPDATE "
            + table
            + " SET state = "
            + PENDING
            + ", attempts = 0, lease_owner = NULL, due_at = "
            + now
            + " WHERE id = ? AND state = 'PARKED'";
    purge = "DELETE FROM " + table + " WHERE state = 'SENT' AND sent_at <= " + now + " - ?";
    earlierInGroup =
        "SELECT id FROM "
            + table
            + " WHERE message_group = ? AND topic = ? AND state = "
            + PENDING
            + " AND id < ? LIMIT 1";
    String owned = " WHERE id = ? AND lease_owner = ? AND state = " + PENDING;
    retryLater =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, due_at = "
            + now
            + " + ?, last_error = ?"
            + owned;
    release =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, attempts = attempts - 1, due_at = "
            + now
            + " + ?"
            + owned;
    park = "UPDATE " + table + " SET lease_owner = NULL, state = 'PARKED', last_error = ?" + owned;
  }

  /** Leases the listed due rows to an owner ({@code owner, lease millis, ids...}). */
  String lease(int rows) {
    return "UPDATE "
        + table
        + " SET lease_owner = ?, attempts = attempts + 1, due_at = "
        + now
        + " + ? WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND state = "
        + PENDING
        + " AND due_at <= "
        + now;
  }

  /** The listed rows leased to an owner ({@code ids..., owner}), with their age in millis. */
  String claimed(int rows) {
    return claimedColumns
        + " WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND lease_owner = ? AND state = "
        + PENDING
        + " ORDER BY id";
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
