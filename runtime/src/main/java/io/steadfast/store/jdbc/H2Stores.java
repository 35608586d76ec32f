package io.steadfast.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The zero-setup H2 stores: their JDBC URLs and their two connection pools.
 *
 * <p>H2 runs in this JVM, so every dedup statement is CPU work here. The store's own statements use
 * a pool of as many connections as cores (more concurrent writers only contend in H2's
 * copy-on-write B-trees) that keeps its connections open, so H2 reuses the statements it parsed
 * (H2's own pool hands out connections that parse every statement again, which costs more than the
 * statement). Business transactions ({@link MyBatisIdempotencyStore#openSession()}) come from a
 * second pool, so long transactional handlers never hold up the claims of the others.
 */
final class H2Stores {
  /**
   * A caller waits for a connection at most this long: every statement is bounded by the statement
   * timeout, so a connection out for longer is stuck and MyBatis takes it back; a business
   * transaction runs as long as its handler, and a new one waits at most this long.
   */
  private static final Duration CHECKOUT_WAIT =
      MyBatisIdempotencyStore.DEFAULT_STATEMENT_TIMEOUT.multipliedBy(3);

  private H2Stores() {}

  static MyBatisIdempotencyStore file(Path file) {
    return open(url("file", file.toAbsolutePath().toString()), false);
  }

  static MyBatisIdempotencyStore inMemory(String name) {
    return open(url("mem", name) + ";DB_CLOSE_DELAY=-1", true);
  }

  /**
   * {@code jdbc:h2:<kind>:<name>;MODE=PostgreSQL}. H2 reads everything after the first ';' of its
   * URL as settings, and has no escape for it: a name with ';' could add settings such as {@code
   * INIT=<SQL>}, which runs on every connection. Such names are refused.
   *
   * @throws IllegalArgumentException if {@code name} contains ';'
   */
  static String url(String kind, String name) {
    if (name.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "H2 database name must not contain ';': H2 would read what follows as connection"
              + " settings (which can run SQL); got: "
              + name);
    }
    return "jdbc:h2:" + kind + ":" + name + ";MODE=PostgreSQL";
  }

  private static MyBatisIdempotencyStore open(String url, boolean inMemory) {
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    // The dedup statements' timeout, set once per connection (SqlDialect.H2 explains why).
    String statementsUrl =
        url + ";QUERY_TIMEOUT=" + MyBatisIdempotencyStore.DEFAULT_STATEMENT_TIMEOUT.toMillis();
    PooledDataSource statements = new PooledDataSource("org.h2.Driver", statementsUrl, "sa", "");
    statements.setPoolMaximumActiveConnections(size);
    statements.setPoolMaximumIdleConnections(size);
    statements.setPoolMaximumCheckoutTime((int) CHECKOUT_WAIT.toMillis());
    JdbcConnectionPool transactions = JdbcConnectionPool.create(url, "sa", "");
    transactions.setLoginTimeout((int) CHECKOUT_WAIT.toSeconds());
    Configuration business =
        new Configuration(
            new Environment("steadfast-h2", new JdbcTransactionFactory(), transactions));
    return MyBatisIdempotencyStore.builder(statements)
        .createTable(true)
        .businessSessions(new DefaultSqlSessionFactory(business))
        .closeOnShutdown(
            () -> {
              if (inMemory) {
                try (Connection c = statements.getConnection()) {
                  c.createStatement().execute("SHUTDOWN");
                }
              }
              statements.forceCloseAll();
              transactions.dispose();
            })
        .build();
  }
}
