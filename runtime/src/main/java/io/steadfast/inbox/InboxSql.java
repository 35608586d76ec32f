package io.steadfast.inbox;

import io.steadfast.internal.JdbcDialect;
import io.steadfast.internal.JdbcStatements;

/** The inbox's statements for one table and dialect; every time is the database's clock. */
final class InboxSql {
  private static final String PENDING = "'PENDING'";

  final String insert;
  final String candidates;
  final String orderedCandidates;
  final String complete;
  final String retryLater;
  final String park;
  final String parked;
  final String replay;
  final String pending;
  final String purge;
  private final String table;
  private final String now;

  InboxSql(String table, JdbcDialect dialect) {
    this.table = table;
    this.now = dialect.now();
    insert =
        dialect.insertSkippingDuplicates(
            table
                + " (group_name, key_hash, dedup_key, message_id, topic, tag, message_keys,"
                + " properties, body, order_key, state, attempts, created_at, due_at)",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + PENDING + ", 0, " + now + ", " + now + ")");
    String due =
        "SELECT r.id FROM "
            + table
            + " r WHERE r.group_name = ? AND r.state = "
            + PENDING
            + " AND r.due_at <= "
            + now;
    String claimable = " ORDER BY r.id LIMIT ? FOR UPDATE SKIP LOCKED";
    candidates = due + claimable;
    orderedCandidates =
        due
            + " AND (r.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM "
            + table
            + " e WHERE e.group_name = r.group_name AND e.order_key = r.order_key AND e.state = "
            + PENDING
            + " AND e.id < r.id))"
            + claimable;
    String owned = " WHERE id = ? AND lease_owner = ? AND state = " + PENDING;
    complete =
        "UPDATE "
            + table
            + " SET state = 'DONE', lease_owner = NULL, last_error = NULL, due_at = "
            + now
            + " + ?"
            + owned;
    retryLater =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, due_at = "
            + now
            + " + ?, last_error = ?"
            + owned;
    park = "UPDATE " + table + " SET lease_owner = NULL, state = 'PARKED', last_error = ?" + owned;
    parked =
        "SELECT id, dedup_key, message_id, topic, tag, attempts, last_error FROM "
            + table
            + " WHERE group_name = ? AND state = 'PARKED' ORDER BY id LIMIT ?";
    replay =
        "UPDATE "
            + table
            + " SET state = "
            + PENDING
            + ", attempts = 0, lease_owner = NULL, due_at = "
            + now
            + " WHERE id = ? AND state = 'PARKED'";
    pending = "SELECT COUNT(*) FROM " + table + " WHERE group_name = ? AND state = " + PENDING;
    purge = "DELETE FROM " + table + " WHERE state = 'DONE' AND due_at <= " + now;
  }

  /** Leases the listed due rows ({@code owner, lease millis, ids...}). */
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

  /** The listed rows leased to an owner ({@code ids..., owner}). */
  String claimed(int rows) {
    return "SELECT id, dedup_key, message_id, topic, tag, message_keys, properties, body, attempts"
        + " FROM "
        + table
        + " WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND lease_owner = ? AND state = "
        + PENDING
        + " ORDER BY id";
  }
}
