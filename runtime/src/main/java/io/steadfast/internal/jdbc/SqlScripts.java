package io.steadfast.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Runs the DDL scripts shipped in the runtime jar (dedup table, outbox, inbox) with the table name
 * the user configured, and checks such names. Internal; not for direct use.
 */
public final class SqlScripts {
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");

  private SqlScripts() {}

  /**
   * Returns {@code table} if it is a plain SQL identifier of at most 55 characters (room for the
   * suffixes of its index names), so it can be written into SQL text.
   *
   * @throws IllegalArgumentException naming the rule and the value
   */
  public static String tableName(String table) {
    if (table == null || !TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table name must match [A-Za-z_][A-Za-z0-9_]{0,54}, got: " + table);
    }
    return table;
  }

  /**
   * Runs the statements of classpath resource {@code resource} (separated by {@code ;}, {@code --}
   * comment lines dropped) in auto-commit mode, with {@code defaultTable} replaced by {@code
   * table}.
   */
  public static void run(Connection connection, String resource, String defaultTable, String table)
      throws SQLException {
    String script = read(resource).replaceAll("(?m)^\\s*--.*$", "").replace(defaultTable, table);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : script.split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql.trim());
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The text of a classpath resource. */
  public static String read(String resource) {
    try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
