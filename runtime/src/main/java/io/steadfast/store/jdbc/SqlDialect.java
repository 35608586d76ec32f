package io.steadfast.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The SQL databases the JDBC store supports, each with its own duplicate-free insert (see
 * docs/stores.md): PostgreSQL {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, H2 (in {@code
 * MODE=PostgreSQL}) {@code SELECT ... FROM FINAL TABLE (INSERT ... ON CONFLICT DO NOTHING)},
 * MariaDB 10.5+ {@code INSERT IGNORE ... RETURNING}. Each constant also carries how its database
 * takes a batch of new rows and of owner-checked updates.
 */
public enum SqlDialect {
  /** H2 2.x; the JDBC URL must contain {@code ;MODE=PostgreSQL}. */
  H2("h2", "schema-h2.sql", OwnedUpdates.JDBC_BATCH) {
    @Override
    void checkUsable(Connection connection) throws SQLException {
      checkH2Mode(connection);
    }

    /**
     * H2 runs a {@code SET QUERY_TIMEOUT} command for every JDBC statement timeout, which made each
     * dedup statement parse again (twice the CPU per message). It runs in this JVM, so no network
     * can stall it: its waits are lock waits, bounded by its {@code LOCK_TIMEOUT}; the zero-setup
     * stores also put {@code QUERY_TIMEOUT} in their URL, where it is set once per connection.
     */
    @Override
    boolean timesOutPerStatement() {
      return false;
    }
  },
  /** PostgreSQL 9.5+ ({@code ON CONFLICT}). */
  POSTGRESQL("postgresql", "schema-postgresql.sql", OwnedUpdates.MULTI_ROW),
  /** MariaDB 10.5+ ({@code INSERT ... RETURNING}). */
  MARIADB("mariadb", "schema-mariadb.sql", OwnedUpdates.OWNER_IN_LIST) {
    /** MariaDB has no arrays: one {@code VALUES} row per key. */
    @Override
    void bindNewRows(Map<String, Object> params, Collection<DedupRow> rows) {
      params.put("rows", new ArrayList<>(rows));
    }
  };

  private final String databaseId;
  private final String schemaResource;
  private final OwnedUpdates ownedUpdates;

  SqlDialect(String databaseId, String schemaResource, OwnedUpdates ownedUpdates) {
    this.databaseId = databaseId;
    this.schemaResource = schemaResource;
    this.ownedUpdates = ownedUpdates;
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

  /** How this database runs an owner-checked update of many claims. */
  OwnedUpdates ownedUpdates() {
    return ownedUpdates;
  }

  /**
   * Puts the rows of an {@code insertAbsent} into its parameters. By default as two arrays (key
   * hashes, original keys), so the statement text and plan are the same for every batch size.
   */
  void bindNewRows(Map<String, Object> params, Collection<DedupRow> rows) {
    params.put("hashArray", rows.stream().map(DedupRow::getKeyHash).toArray(String[]::new));
    params.put("originalArray", rows.stream().map(DedupRow::getOriginalKey).toArray(String[]::new));
  }

  /** Whether the store's statement timeout is set on each JDBC statement. */
  boolean timesOutPerStatement() {
    return true;
  }

  /** Throws, naming the fix, if the store cannot use this database as configured. */
  void checkUsable(Connection connection) throws SQLException {}

  /**
   * Detects the dialect of {@code connection} and checks that the store can use it.
   *
   * @throws IllegalStateException naming the problem and its fix when the database is not supported
   *     or (H2) not in PostgreSQL mode
   */
  public static SqlDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product.toLowerCase(Locale.ROOT);
    for (SqlDialect dialect : values()) {
      if (name.contains(dialect.databaseId)) {
        dialect.checkUsable(connection);
        return dialect;
      }
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
