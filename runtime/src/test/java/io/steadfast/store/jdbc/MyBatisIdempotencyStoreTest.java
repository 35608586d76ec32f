package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.store.ClaimStatus;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setup rules of the SQL store: dialect checks, the zero-setup H2 file, unreachable databases. */
class MyBatisIdempotencyStoreTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  @Test
  void h2FileKeepsDoneRecordsAcrossRestarts(@TempDir Path dir) {
    Path file = dir.resolve("dedup");
    try (MyBatisIdempotencyStore store = MyBatisIdempotencyStore.h2File(file)) {
      assertThat(store.dialect()).isEqualTo(SqlDialect.H2);
      store.complete(store.claim("billing", "order-1", LEASE).claim(), LEASE);
    }
    try (MyBatisIdempotencyStore reopened = MyBatisIdempotencyStore.h2File(file)) {
      assertThat(reopened.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
    }
  }

  @Test
  void h2OutsidePostgresModeIsRefusedWithTheFix() {
    JdbcDataSource regular = new JdbcDataSource();
    regular.setURL("jdbc:h2:mem:" + TestDatabases.uniqueName("regular"));
    assertThatThrownBy(() -> MyBatisIdempotencyStore.builder(regular).createTable(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MODE=PostgreSQL");
  }

  @Test
  void badTableNameIsRefused() {
    JdbcDataSource any = new JdbcDataSource();
    assertThatThrownBy(() -> MyBatisIdempotencyStore.builder(any).table("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table name");
  }

  @Test
  void unreachableDatabaseFailsClosed() {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:" + TestDatabases.uniqueName("gone") + ";MODE=PostgreSQL", "sa", "");
    MyBatisIdempotencyStore store = MyBatisIdempotencyStore.builder(pool).createTable(true).build();
    pool.dispose(); // the database goes away under the running store
    assertThatThrownBy(() -> store.claim("billing", "k", LEASE))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("failed to claim");
  }
}
