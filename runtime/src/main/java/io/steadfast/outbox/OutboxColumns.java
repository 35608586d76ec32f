package io.steadfast.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadfast.codec.EncodedPayload;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * How outbox values become columns and back: message keys as a JSON array (any characters, any
 * number), lengths checked against the DDL before a row is written (an over-long value fails with
 * its name instead of the database's truncation error), error texts cut to their column.
 */
final class OutboxColumns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> KEYS = new TypeReference<>() {};
  private static final int MAX_ERROR_CHARS = 2000;

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
        keys(rs.getString("message_keys")),
        rs.getString("message_group"),
        remainingDelay > 0 ? Duration.ofMillis(remainingDelay) : null,
        new EncodedPayload(rs.getString("content_type"), rs.getBytes("body")),
        rs.getInt("attempts"));
  }

  static String keysColumn(List<String> keys) {
    try {
      return JSON.writeValueAsString(keys);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write message keys as JSON", e);
    }
  }

  static List<String> keys(String column) {
    try {
      return JSON.readValue(column, KEYS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable message_keys column: " + column, e);
    }
  }

  static String checked(String value, int max, String what) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(
          "the outbox holds at most " + max + " characters of " + what + ", got " + value.length());
    }
    return value;
  }

  static String truncated(String reason) {
    String text = String.valueOf(reason);
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
  }
}
