package io.steadfast.outbox;

import io.steadfast.testkit.TestDatabases;
import javax.sql.DataSource;

class PostgresOutboxStoreTest extends OutboxStoreContract {
  private final TestOutboxTable table = new TestOutboxTable(TestDatabases.postgres());

  @Override
  protected DataSource openDataSource() {
    return table.dataSource();
  }

  @Override
  protected String table() {
    return table.name;
  }

  @Override
  protected void cleanUp() throws Exception {
    table.close();
  }
}
