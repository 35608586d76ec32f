package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.steadfast.store.ClaimStatus;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
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

  /**
   * H2 reads everything after a ';' in its URL as settings, and INIT runs SQL: such a path must be
   * refused before H2 sees it, and nothing may run.
   */
  @Test
  void h2PathsThatCarryUrlSettingsAreRefusedAndRunNoSql(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("evil.sql"), "CREATE TABLE pwned(i INT);");
    List<Path> hostile =
        List.of(
            dir.resolve("x;INIT=CREATE TABLE pwned(i INT)"),
            Path.of(dir.resolve("x") + ";INIT=RUNSCRIPT FROM '" + script + "'"));
    for (Path path : hostile) {
      assertThatThrownBy(() -> MyBatisIdempotencyStore.h2File(path).close())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("';'")
          .hasMessageContaining("connection settings");
    }
    // The database the hostile URLs would have opened.
    assertThat(tableExists("jdbc:h2:file:" + dir.resolve("x"), "PWNED")).isFalse();

    String name = TestDatabases.uniqueName("h2");
    assertThatThrownBy(
            () -> MyBatisIdempotencyStore.h2InMemory(name + ";INIT=CREATE TABLE pwned(i INT)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("';'");
    assertThat(tableExists("jdbc:h2:mem:" + name, "PWNED")).isFalse();
  }

  @Test
  void h2FileTakesPathsWithSpacesAndQuotes(@TempDir Path dir) {
    try (MyBatisIdempotencyStore store =
        MyBatisIdempotencyStore.h2File(dir.resolve("it's a dedup = file"))) {
      assertThat(store.claim("billing", "k", LEASE).status()).isEqualTo(ClaimStatus.ACQUIRED);
    }
  }

  private static boolean tableExists(String url, String table) throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    dataSource.setUser("sa");
    try (Connection connection = dataSource.getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }

  @Test
  void h2StoreKeepsClaimingWhileMoreBusinessTransactionsAreOpenThanItHasConnections() {
    // The default H2 store's own pool has as many connections as cores; business transactions
    // come from another pool, so open transactions never starve the claims of other messages.
    int open = Runtime.getRuntime().availableProcessors() + 2;
    try (MyBatisIdempotencyStore store =
        MyBatisIdempotencyStore.h2InMemory(TestDatabases.uniqueName("h2"))) {
      List<SqlSession> transactions = new ArrayList<>();
      try {
        // A pool shared with the transactions would make these calls wait forever.
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              for (int i = 0; i < open; i++) {
                SqlSession transaction = store.openSession();
                transactions.add(transaction);
                assertThat(store.claim(transaction, "billing", "in-tx-" + i, LEASE).status())
                    .isEqualTo(ClaimStatus.ACQUIRED);
              }
              assertThat(store.claim("billing", "outside", LEASE).status())
                  .isEqualTo(ClaimStatus.ACQUIRED);
            });
        transactions.get(0).commit();
        assertThat(store.claim("billing", "in-tx-0", LEASE).status())
            .isEqualTo(ClaimStatus.IN_PROGRESS);
      } finally {
        transactions.forEach(SqlSession::close);
      }
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
