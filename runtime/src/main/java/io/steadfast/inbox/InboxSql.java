package io.steadfast.inbox;

import static io.steadfast.internal.jdbc.LeaseSql.PENDING;

import io.steadfast.internal.jdbc.JdbcDialect;
import io.steadfast.internal.jdbc.LeaseSql;

/**
 * The inbox's own statements for one table and dialect; the claim, retry, park and replay
 * statements are the shared {@link LeaseSql}. Every time is the database's clock.
 */
final class InboxSql {
  /** The columns {@link InboxColumns#record} reads. */
  static final String CLAIMED_COLUMNS =
      "id, dedup_key, message_id, topic, tag, message_keys, properties, body, attempts";

  final String insert;
  final String candidates;
  final String orderedCandidates;
  final String complete;
  final String parked;
  final String pending;
  final String purge;

  InboxSql(String table, JdbcDialect dialect) {
    String now = dialect.now();
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
    complete =
        "UPDATE "
            + table
            + " SET state = 'DONE', lease_owner = NULL, last_error = NULL, due_at = "
            + now
            + " + ?"
            + LeaseSql.OWNED;
    parked =
        "SELECT id, dedup_key, message_id, topic, tag, attempts, last_error FROM "
            + table
            + " WHERE group_name = ? AND state = 'PARKED' ORDER BY id LIMIT ?";
    pending = "SELECT COUNT(*) FROM " + table + " WHERE group_name = ? AND state = " + PENDING;
    purge = "DELETE FROM " + table + " WHERE state = 'DONE' AND due_at <= " + now;
  }
}
