package io.steadfast.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The SQL databases the JDBC store supports, each with its own duplicate-free insert (see
 * docs/stores.md): PostgreSQL {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, H2 (in
 * {@code MODE=PostgreSQL}) {@code SELECT ... FROM FINAL TABLE (INSERT ... ON CONFLICT DO
 * NOTHING)}, MariaDB 10.5+ {@code INSERT IGNORE ... RETURNING}.
 */
public enum SqlDialect {
  /** H2 2.x; the JDBC URL must contain {@code ;MODE=PostgreSQL}. */
  H2("h2", "schema-h2.sql"),
  /** PostgreSQL 9.5+ ({@code ON CONFLICT}). */
  POSTGRESQL("postgresql", "schema-postgresql.sql"),
  /** MariaDB 10.5+ ({@code INSERT ... RETURNING}). */
  MARIADB("mariadb", "schema-mariadb.sql");

  private final String databaseId;
  private final String schemaResource;

  SqlDialect(String databaseId, String schemaResource) {
    this.databaseId = databaseId;
    this.schemaResource = schemaResource;
  }

  /** MyBatis databaseId that selects this dialect's statements in the mapper. */
  String databaseId() {
    return databaseId;
  }

  /**
   * Classpath resource (in {@code io/steadfast/store/jdbc/}) of the shipped DDL, with the default
   * table name {@code steadfast_dedup}.
   */
  public String schemaResource() {
    return "io/steadfast/store/jdbc/" + schemaResource;
  }

  /**
   * Detects the dialect of {@code connection} and checks that the store can use it.
   *
   * @throws IllegalStateException naming the problem and its fix when the database is not supported
   *     or (H2) not in PostgreSQL mode
   */
  public static SqlDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      checkH2Mode(connection);
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    throw new IllegalStateException(
        "the JDBC idempotency store supports H2, PostgreSQL and MariaDB 10.5+, not '"
            + product
            + "' (MySQL lacks INSERT ... RETURNING, which the store needs to detect duplicates"
            + " without errors)");
  }

  private static void checkH2Mode(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")) {
      String mode = rs.next() ? rs.getString(1) : "REGULAR";
      if (!"PostgreSQL".equalsIgnoreCase(mode)) {
        throw new IllegalStateException(
            "H2 must run in PostgreSQL mode for the idempotency store (race-free"
                + " ON CONFLICT DO NOTHING); add ;MODE=PostgreSQL to the JDBC URL (current mode: "
                + mode
                + ")");
      }
    }
  }
}
