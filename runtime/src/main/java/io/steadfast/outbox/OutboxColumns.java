package io.steadfast.outbox;

import io.steadfast.codec.EncodedPayload;
import io.steadfast.internal.jdbc.SqlColumns;
import io.steadfast.produce.OutgoingMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How an outbox row maps to and from the columns of {@link OutboxSql}'s statements. */
final class OutboxColumns {

  private OutboxColumns() {}

  /** Binds the parameters of {@link OutboxSql#insert}, lengths checked against the DDL. */
  static void bindInsert(PreparedStatement insert, OutgoingMessage message, EncodedPayload payload)
      throws SQLException {
    String keys = SqlColumns.json(message.keys());
    insert.setString(1, SqlColumns.checked(message.steadfastId(), 64, "steadfast-id"));
    insert.setString(2, SqlColumns.checked(message.topic(), 255, "topic"));
    insert.setString(3, SqlColumns.checked(message.tag(), 255, "tag"));
    insert.setString(4, SqlColumns.checked(keys, 4000, "message keys (as JSON)"));
    insert.setString(5, SqlColumns.checked(message.messageGroup(), 255, "message group"));
    insert.setLong(6, message.deliveryDelay() == null ? 0 : message.deliveryDelay().toMillis());
    insert.setString(7, SqlColumns.checked(payload.contentType(), 255, "content type"));
    insert.setBytes(8, payload.body());
  }

  /** A claimed row of {@link OutboxSql#claimedColumns}; column 11 is its age in millis. */
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

  /** The rows of {@link OutboxSql#parked}. */
  static List<ParkedMessage> parked(ResultSet rs) throws SQLException {
    List<ParkedMessage> parked = new ArrayList<>();
    while (rs.next()) {
      parked.add(
          new ParkedMessage(
              rs.getLong("id"),
              rs.getString("steadfast_id"),
              rs.getString("topic"),
              rs.getString("tag"),
              SqlColumns.list(rs.getString("message_keys")),
              rs.getInt("attempts"),
              rs.getString("last_error")));
    }
    return parked;
  }

  /** The one row of {@link OutboxSql#backlog}: counts, oldest pending creation, database now. */
  static OutboxBacklog backlog(ResultSet rs) throws SQLException {
    rs.next();
    long oldest = rs.getLong(3);
    boolean none = rs.wasNull();
    return new OutboxBacklog(
        rs.getLong(1),
        rs.getLong(2),
        none ? Duration.ZERO : Duration.ofMillis(Math.max(0, rs.getLong(4) - oldest)));
  }
}
