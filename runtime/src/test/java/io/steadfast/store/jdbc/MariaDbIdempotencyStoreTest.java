package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;

class MariaDbIdempotencyStoreTest extends IdempotencyStoreContract {
  private final DatabaseSettings database = TestDatabases.mariadb();
  private final String table = TestDatabases.uniqueName("dedup");
  private HikariDataSource dataSource;

  @Override
  protected IdempotencyStore createStore() {
    dataSource = TestDataSources.pooled(database);
    MyBatisIdempotencyStore store =
        MyBatisIdempotencyStore.builder(dataSource).table(table).createTable(true).build();
    assertThat(store.dialect()).isEqualTo(SqlDialect.MARIADB);
    return store;
  }

  @Override
  protected void cleanUp() throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    database.dropTable(table);
  }
}
