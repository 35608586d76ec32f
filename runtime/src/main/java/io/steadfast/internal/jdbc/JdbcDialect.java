package io.steadfast.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the JDBC outbox and inbox run on. All three lock candidate rows with {@code FOR
 * UPDATE SKIP LOCKED} (H2 2.x, PostgreSQL 9.5+, MariaDB 10.6+), so concurrent claimers take
 * disjoint rows without waiting for each other. Internal; not for direct use.
 */
public enum JdbcDialect {
  // The same "now" expressions as the dedup store's (DedupMapper.xml): epoch millis, database
  // clock.
  H2(
      "h2",
      "DATEDIFF('MILLISECOND', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00',"
          + " CURRENT_TIMESTAMP(3) AT TIME ZONE 'UTC')",
      false),
  POSTGRESQL("postgresql", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)", true),
  MARIADB("mariadb", "CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)", true);

  private final String id;
  private final String now;
  private final boolean timesOutPerStatement;

  JdbcDialect(String id, String now, boolean timesOutPerStatement) {
    this.id = id;
    this.now = now;
    this.timesOutPerStatement = timesOutPerStatement;
  }

  /** SQL for the database's current time in epoch milliseconds. */
  public String now() {
    return now;
  }

  /**
   * Whether statements get a JDBC timeout; not on H2, which answers each with a {@code SET
   * QUERY_TIMEOUT} command (see the dedup store's SqlDialect) and runs in this JVM anyway.
   */
  public boolean timesOutPerStatement() {
    return timesOutPerStatement;
  }

  /** Classpath resource {@code <prefix><dialect>.sql}, e.g. {@code .../schema-outbox-h2.sql}. */
  public String script(String prefix) {
    return prefix + id + ".sql";
  }

  /**
   * {@code INSERT INTO <into> VALUES <values>} that skips a row whose unique key exists: {@code ON
   * CONFLICT DO NOTHING} on PostgreSQL, {@code INSERT IGNORE} on MariaDB; on H2 (whose {@code ON
   * CONFLICT} needs PostgreSQL mode) a plain insert whose duplicate-key error (SQLState 23505) the
   * caller takes as "exists". The update count says whether the row was inserted.
   */
  public String insertSkippingDuplicates(String into, String values) {
    return switch (this) {
      case POSTGRESQL -> "INSERT INTO " + into + " VALUES " + values + " ON CONFLICT DO NOTHING";
      case MARIADB -> "INSERT IGNORE INTO " + into + " VALUES " + values;
      case H2 -> "INSERT INTO " + into + " VALUES " + values;
    };
  }

  /**
   * The dialect of {@code connection}'s database.
   *
   * @throws IllegalStateException if it is none of the three
   */
  public static JdbcDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product.toLowerCase(Locale.ROOT);
    for (JdbcDialect dialect : values()) {
      if (name.contains(dialect.id)) {
        return dialect;
      }
    }
    throw new IllegalStateException(
        "the JDBC outbox and inbox support H2, PostgreSQL and MariaDB 10.6+, not '"
            + product
            + "'");
  }
}
