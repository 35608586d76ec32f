package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

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

  /**
   * Lease expiry is epoch milliseconds whatever the session's time zone (H2 has one per session).
   */
  @Test
  void leaseExpiryIsEpochMillisecondsInAnySessionTimeZone() throws Exception {
    String zoned =
        "jdbc:h2:mem:"
            + TestDatabases.uniqueName("zoned")
            + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1;TIME ZONE=Asia/Kolkata";
    JdbcConnectionPool zonedPool = JdbcConnectionPool.create(zoned, "sa", "");
    try (MyBatisIdempotencyStore zonedStore =
        MyBatisIdempotencyStore.builder(zonedPool).createTable(true).build()) {
      long before = System.currentTimeMillis();
      assertThat(zonedStore.claim("g", "k", Duration.ofMinutes(1)).acquired()).isTrue();
      try (Connection c = zonedPool.getConnection();
          ResultSet rs =
              c.createStatement().executeQuery("SELECT expires_at FROM steadfast_dedup")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1) - before).isBetween(55_000L, 65_000L);
      }
    } finally {
      try (Connection c = zonedPool.getConnection()) {
        c.createStatement().execute("SHUTDOWN");
      }
      zonedPool.dispose();
    }
  }
}
