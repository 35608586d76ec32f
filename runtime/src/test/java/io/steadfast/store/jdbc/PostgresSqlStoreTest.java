package io.steadfast.store.jdbc;

import io.steadfast.testkit.TestDatabases;

class PostgresSqlStoreTest extends SqlStoreContract {
  private final TestTable table = new TestTable(TestDatabases.postgres());

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
