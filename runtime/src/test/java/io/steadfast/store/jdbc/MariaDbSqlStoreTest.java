package io.steadfast.store.jdbc;

import io.steadfast.testkit.TestDatabases;

class MariaDbSqlStoreTest extends SqlStoreContract {
  private final TestTable table = new TestTable(TestDatabases.mariadb());

  @Override
  protected MyBatisIdempotencyStore createStore() {
    return table.openStore();
  }

  @Override
  protected MyBatisIdempotencyStore.Builder sameTable() {
    return table.builder();
  }

  @Override
  protected void cleanUp() throws Exception {
    table.close();
  }
}
