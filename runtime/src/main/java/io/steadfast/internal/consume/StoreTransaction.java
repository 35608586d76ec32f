package io.steadfast.internal.consume;

import io.steadfast.consume.HandlerTransaction;
import io.steadfast.consume.HandlerTransactions;
import io.steadfast.store.TransactionalIdempotencyStore;
import java.sql.Connection;
import org.apache.ibatis.session.SqlSession;

/**
 * A transaction the store opens ({@link TransactionalIdempotencyStore#openSession()}): where
 * handlers that take a {@code SqlSession} or {@code Connection} run when the consumer was given no
 * {@link HandlerTransactions}. Its session is the one the handler gets.
 */
record StoreTransaction(SqlSession session) implements HandlerTransaction {

  static HandlerTransactions of(TransactionalIdempotencyStore store) {
    return () -> new StoreTransaction(store.openSession());
  }

  @Override
  public Connection connection() {
    return session.getConnection();
  }

  @Override
  public void commit() {
    session.commit(true);
  }

  @Override
  public void rollback() {
    session.rollback(true);
  }

  @Override
  public void close() {
    session.close();
  }
}
