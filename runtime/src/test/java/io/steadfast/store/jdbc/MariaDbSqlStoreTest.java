package io.steadfast.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;

class MariaDbSqlStoreTest extends SqlStoreContract {
  private final DatabaseSettings database = TestDatabases.mariadb();
  private final String table = TestDatabases.uniqueName("dedup");
  private HikariDataSource dataSource;

  @Override
  protected MyBatisIdempotencyStore createStore() {
    dataSource = TestDataSources.pooled(database);
    return reopenWithCreateTable();
  }

  @Override
  protected MyBatisIdempotencyStore reopenWithCreateTable() {
    return MyBatisIdempotencyStore.builder(dataSource).table(table).createTable(true).build();
  }

  @Override
  protected void cleanUp() throws Exception {
    dataSource.close();
    database.dropTable(table);
  }
}
