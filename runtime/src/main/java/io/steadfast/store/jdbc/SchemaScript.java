package io.steadfast.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs a dialect's shipped DDL script with the configured table name. */
final class SchemaScript {
  private SchemaScript() {}

  static void run(Connection connection, SqlDialect dialect, String table) throws SQLException {
    String script =
        read(dialect.schemaResource())
            .replaceAll("(?m)^\\s*--.*$", "")
            .replace(MyBatisIdempotencyStore.DEFAULT_TABLE, table);
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
  static String read(String resource) {
    try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
