package io.steadfast.store.jdbc;

import io.steadfast.testkit.TestDatabases;
import org.h2.jdbcx.JdbcConnectionPool;

class H2SqlStoreTest extends SqlStoreContract {
  private final String url =
      "jdbc:h2:mem:" + TestDatabases.uniqueName("h2") + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1";
  private JdbcConnectionPool pool;

  @Override
  protected MyBatisIdempotencyStore createStore() {
    pool = JdbcConnectionPool.create(url, "sa", "");
    return sameTable().createTable(true).build();
  }

  @Override
  protected MyBatisIdempotencyStore.Builder sameTable() {
    return MyBatisIdempotencyStore.builder(pool);
  }

  @Override
  protected void cleanUp() throws Exception {
    try (var connection = pool.getConnection()) {
      connection.createStatement().execute("SHUTDOWN");
    }
    pool.dispose();
  }
}
