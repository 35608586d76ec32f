package io.steadfast.outbox;

import io.steadfast.codec.EncodedPayload;
import io.steadfast.internal.SqlColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Reads a claimed outbox row. */
final class OutboxColumns {

  private OutboxColumns() {}

  /** A claimed row of {@link OutboxSql#claimed}; column 11 is its age in millis. */
  static OutboxRecord record(ResultSet rs, String owner) throws SQLException {
    long remainingDelay = rs.getLong("delay_millis") - rs.getLong(11);
    return new OutboxRecord(
        rs.getLong("id"),
        owner,
        rs.getString("steadfast_id"),
        rs.getString("topic"),
        rs.getString("tag"),
        SqlColumns.list(rs.getString("message_keys")),
        rs.getString("message_group"),
        remainingDelay > 0 ? Duration.ofMillis(remainingDelay) : null,
        new EncodedPayload(rs.getString("content_type"), rs.getBytes("body")),
        rs.getInt("attempts"));
  }
}
