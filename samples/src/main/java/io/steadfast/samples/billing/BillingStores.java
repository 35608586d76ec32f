package io.steadfast.samples.billing;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * The billing consumer's configurations: only the dedup store differs between them. Payments always
 * live in SQL ({@link #payments}); with H2 or PostgreSQL the dedup records sit in the same database
 * and commit with the payment ({@link Billing}); with Redis they do not ({@link RedisBilling}).
 */
public final class BillingStores {
  private BillingStores() {}

  /**
   * The payments database as a MyBatis factory with {@link PaymentMapper}; creates the table.
   *
   * @param jdbcUrl e.g. {@code jdbc:h2:tcp://127.0.0.1:9092/./billing;MODE=PostgreSQL} or {@code
   *     jdbc:postgresql://127.0.0.1:5432/test}
   */
  public static SqlSessionFactory payments(String jdbcUrl, String user, String password) {
    PooledDataSource dataSource = new PooledDataSource(driverOf(jdbcUrl), jdbcUrl, user, password);
    dataSource.setPoolMaximumActiveConnections(16);
    dataSource.setPoolMaximumIdleConnections(16);
    Configuration configuration =
        new Configuration(new Environment("billing", new JdbcTransactionFactory(), dataSource));
    configuration.addMapper(PaymentMapper.class);
    SqlSessionFactory factory = new SqlSessionFactoryBuilder().build(configuration);
    try (var session = factory.openSession(true)) {
      session.getMapper(PaymentMapper.class).createTable();
    }
    return factory;
  }

  /**
   * H2 or PostgreSQL (or MariaDB): dedup records in table {@code steadfast_dedup} of the payments
   * database, joining the payment's transaction.
   */
  public static MyBatisIdempotencyStore sql(SqlSessionFactory payments) {
    return MyBatisIdempotencyStore.builder(
            payments.getConfiguration().getEnvironment().getDataSource())
        .createTable(true)
        .businessSessions(payments)
        .build();
  }

  /** Redis, {@code redis://host:port}: dedup records under {@code steadfast:billing:...}. */
  public static IdempotencyStore redis(String uri) {
    return JedisIdempotencyStore.builder().standalone(uri).build();
  }

  private static String driverOf(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return "org.h2.Driver";
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "org.postgresql.Driver";
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL (expected jdbc:h2: or jdbc:postgresql:): " + jdbcUrl);
  }
}
