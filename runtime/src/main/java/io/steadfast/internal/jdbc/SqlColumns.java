package io.steadfast.internal.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * How message parts become columns of Steadfast's tables and back: message keys and properties as
 * JSON (any characters, any number), lengths checked against the DDL before a row is written (an
 * over-long value fails naming what it is, not with the database's truncation error), error texts
 * cut to their column. Internal; not for direct use.
 */
public final class SqlColumns {
  /** Size of the {@code last_error} columns. */
  public static final int MAX_ERROR_CHARS = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private SqlColumns() {}

  /** {@code value} (a list or a map of strings) as JSON text. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }

  /** A list written by {@link #json}. */
  public static List<String> list(String column) {
    try {
      return JSON.readValue(column, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON list column: " + column, e);
    }
  }

  /** A map written by {@link #json}. */
  public static Map<String, String> map(String column) {
    try {
      return JSON.readValue(column, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON map column: " + column, e);
    }
  }

  /**
   * Returns {@code value} if it has at most {@code max} characters.
   *
   * @throws IllegalArgumentException naming {@code what}, the limit and the length
   */
  public static String checked(String value, int max, String what) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(
          "the table holds at most " + max + " characters of " + what + ", got " + value.length());
    }
    return value;
  }

  /** {@code reason} cut to {@link #MAX_ERROR_CHARS}. */
  public static String truncated(String reason) {
    String text = String.valueOf(reason);
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
  }
}
