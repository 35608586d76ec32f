package io.steadfast.inbox;

import io.steadfast.internal.Checks;
import io.steadfast.internal.Digests;
import io.steadfast.internal.jdbc.SqlColumns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** How an inbox row maps to and from the columns of {@link InboxSql}'s statements. */
final class InboxColumns {

  private InboxColumns() {}

  /** Binds the parameters of {@link InboxSql#insert}, lengths checked against the DDL. */
  static void bindInsert(PreparedStatement ps, InboxEntry e) throws SQLException {
    ps.setString(1, Checks.consumerGroup(e.group()));
    ps.setString(2, Digests.sha256Hex(e.dedupKey()));
    ps.setString(3, shown(e.dedupKey()));
    ps.setString(4, SqlColumns.checked(e.messageId(), 128, "message id"));
    ps.setString(5, SqlColumns.checked(e.topic(), 255, "topic"));
    ps.setString(6, SqlColumns.checked(e.tag(), 255, "tag"));
    ps.setString(7, SqlColumns.json(e.keys()));
    ps.setString(8, SqlColumns.json(e.properties()));
    ps.setBytes(9, e.body());
    ps.setString(10, SqlColumns.checked(e.orderKey(), 255, "message group"));
  }

  /** A claimed row of {@link InboxSql#CLAIMED_COLUMNS}. */
  static InboxRecord record(ResultSet rs, String owner) throws SQLException {
    return new InboxRecord(
        rs.getLong("id"),
        owner,
        rs.getString("dedup_key"),
        rs.getString("message_id"),
        rs.getString("topic"),
        rs.getString("tag"),
        SqlColumns.list(rs.getString("message_keys")),
        SqlColumns.map(rs.getString("properties")),
        rs.getBytes("body"),
        rs.getInt("attempts"));
  }

  /** The rows of {@link InboxSql#parked}. */
  static List<ParkedInboxMessage> parked(ResultSet rs) throws SQLException {
    List<ParkedInboxMessage> parked = new ArrayList<>();
    while (rs.next()) {
      parked.add(
          new ParkedInboxMessage(
              rs.getLong("id"),
              rs.getString("dedup_key"),
              rs.getString("message_id"),
              rs.getString("topic"),
              rs.getString("tag"),
              rs.getInt("attempts"),
              rs.getString("last_error")));
    }
    return parked;
  }

  /** The first 1,024 characters of a key, NUL shown as U+FFFD: for people, not for lookups. */
  private static String shown(String key) {
    String text = key.length() <= 1024 ? key : key.substring(0, 1024);
    return text.replace('\0', '\uFFFD');
  }
}
