package io.steadfast.outbox;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;

/** An outbox table of its own on a test database server; {@link #close()} drops it. */
final class TestOutboxTable implements AutoCloseable {
  final String name = TestDatabases.uniqueName("outbox");
  private final DatabaseSettings database;
  private HikariDataSource dataSource;

  TestOutboxTable(DatabaseSettings database) {
    this.database = database;
  }

  HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = TestPools.open(database, 8);
    }
    return dataSource;
  }

  @Override
  public void close() throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    database.dropTable(name);
  }
}
