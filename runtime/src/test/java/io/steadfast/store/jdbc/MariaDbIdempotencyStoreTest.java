package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;
import io.steadfast.testkit.TestDatabases;

class MariaDbIdempotencyStoreTest extends IdempotencyStoreContract {
  private final TestTable table = new TestTable(TestDatabases.mariadb());

  @Override
  protected IdempotencyStore createStore() {
    MyBatisIdempotencyStore store = table.openStore();
    assertThat(store.dialect()).isEqualTo(SqlDialect.MARIADB);
    return store;
  }

  @Override
  protected void cleanUp() throws Exception {
    table.close();
  }
}
