package io.steadfast.store;

import java.time.Duration;
import org.apache.ibatis.session.SqlSession;

/**
 * A store whose claim and completion can join a caller's MyBatis transaction, so that the dedup
 * record and the handler's own writes commit or roll back together (exactly-once effects for
 * database work). A rollback leaves the key free; a commit makes it DONE atomically with the
 * business effect.
 *
 * <p>The dedup statements run on the session's connection beside the session's own executor, so
 * MyBatis may believe the session is clean: sessions from {@link #openSession()} therefore always
 * commit and roll back for real; on a session of your own, finish with {@code commit(true)} or
 * {@code rollback(true)}.
 */
public interface TransactionalIdempotencyStore extends IdempotencyStore {

  /** Claims {@code key} inside {@code session}'s transaction. */
  ClaimResult claim(SqlSession session, String group, String key, Duration lease);

  /** Marks the claim DONE inside {@code session}'s transaction; false if not owned. */
  boolean complete(SqlSession session, Claim claim, Duration retention);

  /**
   * Opens a session (a new transaction, not auto-committing) on the store's database whose {@code
   * commit()}, {@code rollback()} and {@code close()} (which rolls back what was not committed)
   * always reach the database.
   */
  SqlSession openSession();
}
