package io.steadfast.consume;

import java.sql.Connection;

/**
 * One database transaction around a handler: the dedup claim, the handler's own writes and the DONE
 * mark commit or roll back together. Begun by {@link HandlerTransactions#begin()}; the engine calls
 * every method on the thread that began it, which is also the thread that runs the handler, so a
 * transaction bound to the thread (Spring's) is the one the handler's data access joins.
 */
public interface HandlerTransaction extends AutoCloseable {

  /**
   * The transaction's JDBC connection (not auto-committing); the dedup statements run on it. It
   * must reach the dedup store's database.
   */
  Connection connection();

  /** Commits the claim, the handler's writes and the DONE mark. */
  void commit();

  /** Rolls everything back: the key is free again. */
  void rollback();

  /** Ends the transaction, rolling back what was not committed, and frees its connection. */
  @Override
  void close();
}
