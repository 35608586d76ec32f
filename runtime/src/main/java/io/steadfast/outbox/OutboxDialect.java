package io.steadfast.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the JDBC outbox runs on. All three lock candidate rows with {@code FOR UPDATE SKIP
 * LOCKED} (H2 2.x, PostgreSQL 9.5+, MariaDB 10.6+), so concurrent relays claim disjoint rows
 * without waiting for each other.
 */
enum OutboxDialect {
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

  OutboxDialect(String id, String now, boolean timesOutPerStatement) {
    this.id = id;
    this.now = now;
    this.timesOutPerStatement = timesOutPerStatement;
  }

  /** SQL for the database's current time in epoch milliseconds. */
  String now() {
    return now;
  }

  /**
   * Whether statements get a JDBC timeout; not on H2, which answers each with a {@code SET
   * QUERY_TIMEOUT} command (see the dedup store's SqlDialect) and runs in this JVM anyway.
   */
  boolean timesOutPerStatement() {
    return timesOutPerStatement;
  }

  /** Classpath resource of the shipped DDL, with the default table name. */
  String schemaResource() {
    return "io/steadfast/outbox/schema-outbox-" + id + ".sql";
  }

  static OutboxDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product.toLowerCase(Locale.ROOT);
    for (OutboxDialect dialect : values()) {
      if (name.contains(dialect.id)) {
        return dialect;
      }
    }
    throw new IllegalStateException(
        "the JDBC outbox supports H2, PostgreSQL and MariaDB 10.6+, not '" + product + "'");
  }
}
