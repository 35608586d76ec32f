package io.steadfast.spring;

import io.steadfast.consume.HandlerTransaction;
import io.steadfast.consume.HandlerTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Handler transactions of the application's {@link PlatformTransactionManager}: the consumer engine
 * begins one per message, claims and completes the dedup key on its connection (the one Spring
 * binds to the transaction for the application's {@link DataSource}), and the handler's {@code
 * JdbcTemplate}, JPA or MyBatis-Spring writes join it on the same thread. Works with {@code
 * DataSourceTransactionManager} and {@code JpaTransactionManager} (which exposes its JDBC
 * connection to {@link DataSourceUtils}).
 */
final class SpringHandlerTransactions implements HandlerTransactions {
  private final PlatformTransactionManager manager;
  private final DataSource dataSource;
  private final TransactionDefinition definition;

  SpringHandlerTransactions(PlatformTransactionManager manager, DataSource dataSource) {
    this.manager = manager;
    this.dataSource = dataSource;
    DefaultTransactionDefinition d =
        new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRED);
    d.setName("steadfast-handler");
    this.definition = d;
  }

  /** Names the transaction manager, for logs. */
  @Override
  public String toString() {
    return manager.getClass().getSimpleName() + " on " + dataSource;
  }

  @Override
  public HandlerTransaction begin() {
    return new Transaction(manager.getTransaction(definition));
  }

  /** One handler's transaction; used on the thread that began it. */
  private final class Transaction implements HandlerTransaction {
    private final TransactionStatus status;
    private Connection connection;

    Transaction(TransactionStatus status) {
      this.status = status;
    }

    @Override
    public Connection connection() {
      if (connection == null) {
        connection = DataSourceUtils.getConnection(dataSource);
      }
      return connection;
    }

    @Override
    public void commit() {
      release();
      manager.commit(status);
    }

    @Override
    public void rollback() {
      release();
      if (!status.isCompleted()) {
        manager.rollback(status);
      }
    }

    /** Rolls back what was not committed. */
    @Override
    public void close() {
      rollback();
    }

    /** Hands the connection back to Spring's transaction (which closes it when it ends). */
    private void release() {
      if (connection != null) {
        DataSourceUtils.releaseConnection(connection, dataSource);
        connection = null;
      }
    }
  }
}
