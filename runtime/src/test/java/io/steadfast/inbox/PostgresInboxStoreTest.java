package io.steadfast.inbox;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.TestDatabases;
import javax.sql.DataSource;

class PostgresInboxStoreTest extends InboxStoreContract {
  private final String table = TestDatabases.uniqueName("inbox");
  private HikariDataSource pool;

  @Override
  protected DataSource openDataSource() {
    pool = TestPools.open(TestDatabases.postgres(), 8);
    return pool;
  }

  @Override
  protected String table() {
    return table;
  }

  @Override
  protected void cleanUp() throws Exception {
    pool.close();
    TestDatabases.postgres().dropTable(table);
  }
}
