package io.steadfast.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;

/**
 * A dedup table of its own in a test database server, over a pooled data source; {@link #close()}
 * closes the pool and drops the table.
 */
final class TestTable implements AutoCloseable {
  private final DatabaseSettings database;
  private final String table = TestDatabases.uniqueName("dedup");
  private HikariDataSource dataSource;

  TestTable(DatabaseSettings database) {
    this.database = database;
  }

  /** Opens the store (and, on first call, the pool), creating the table if needed. */
  MyBatisIdempotencyStore openStore() {
    return builder().createTable(true).build();
  }

  /** A builder of a store on this table (opening the pool on first call). */
  MyBatisIdempotencyStore.Builder builder() {
    if (dataSource == null) {
      dataSource = TestPools.open(database, 10);
    }
    return MyBatisIdempotencyStore.builder(dataSource).table(table);
  }

  @Override
  public void close() throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    database.dropTable(table);
  }
}
