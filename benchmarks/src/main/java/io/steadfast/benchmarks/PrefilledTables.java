package io.steadfast.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Gives PostgreSQL benchmark tables the shape of a table in production: a retention window of
 * rows and fresh statistics. An empty, never-analyzed table makes PostgreSQL cache
 * sequential-scan plans for prepared statements (docs/stores.md), which measures the planner, not
 * the pattern.
 */
public final class PrefilledTables {
  /** Rows written into each table before a measurement. */
  public static final int ROWS = 200_000;

  private PrefilledTables() {}

  /**
   * Fills the dedup table {@code dedupTable} with DONE records of {@code group} and the plain
   * one-column table {@code plainTable} (column {@code k}) with keys, then analyzes both.
   */
  public static void prefill(DataSource dataSource, String dedupTable, String group, String plainTable)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO " + dedupTable + " (group_name, key_hash, original_key, state,"
          + " owner_token, expires_at) SELECT '" + group + "', encode(sha256(convert_to('prefill-' || i,"
          + " 'UTF8')), 'hex'), 'prefill-' || i, 'DONE', 'prefill', 9000000000000"
          + " FROM generate_series(1, " + ROWS + ") i");
      statement.execute("INSERT INTO " + plainTable + " SELECT 'prefill-' || i FROM generate_series(1, "
          + ROWS + ") i");
      statement.execute("ANALYZE " + dedupTable + ", " + plainTable);
    }
  }
}
