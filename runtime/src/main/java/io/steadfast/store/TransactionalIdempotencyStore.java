package io.steadfast.store;

import java.sql.Connection;
import java.time.Duration;
import org.apache.ibatis.session.SqlSession;

/**
 * A store whose claim and completion can join a caller's database transaction, so that the dedup
 * record and the handler's own writes commit or roll back together (exactly-once effects for
 * database work). A rollback leaves the key free; a commit makes it DONE atomically with the
 * business effect.
 *
 * <p>The transaction is a JDBC connection that does not auto-commit: the store's own ({@link
 * #openSession()}), a plain one of the application's, or one a transaction manager bound to the
 * thread. The dedup statements run on it beside the caller's own work, so a MyBatis session may
 * believe it is clean: sessions from {@link #openSession()} therefore always commit and roll back
 * for real; on a session of your own, finish with {@code commit(true)} or {@code rollback(true)}.
 */
public interface TransactionalIdempotencyStore extends IdempotencyStore {

  /** Claims {@code key} inside the transaction of {@code connection}. */
  ClaimResult claim(Connection connection, String group, String key, Duration lease);

  /** Marks the claim DONE inside the transaction of {@code connection}; false if not owned. */
  boolean complete(Connection connection, Claim claim, Duration retention);

  /** Claims {@code key} inside {@code session}'s transaction. */
  default ClaimResult claim(SqlSession session, String group, String key, Duration lease) {
    return claim(session.getConnection(), group, key, lease);
  }

  /** Marks the claim DONE inside {@code session}'s transaction; false if not owned. */
  default boolean complete(SqlSession session, Claim claim, Duration retention) {
    return complete(session.getConnection(), claim, retention);
  }

  /**
   * Opens a session (a new transaction, not auto-committing) on the store's database whose {@code
   * commit()}, {@code rollback()} and {@code close()} (which rolls back what was not committed)
   * always reach the database.
   */
  SqlSession openSession();

  /**
   * A session of the application's MyBatis configuration (its mappers) that works inside the
   * transaction of {@code connection}: its statements run on that connection, and committing,
   * rolling back and closing the connection stay with its owner (closing the session leaves the
   * connection open). For handlers that take a {@code SqlSession} inside a transaction the store
   * did not open.
   */
  SqlSession sessionOn(Connection connection);
}
