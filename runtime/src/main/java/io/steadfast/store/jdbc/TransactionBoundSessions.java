package io.steadfast.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.ibatis.session.SqlSession;

/**
 * Wraps the sessions that {@link MyBatisIdempotencyStore#openSession()} hands out so that their
 * transaction boundaries always reach the database.
 *
 * <p>The dedup statements run on the session's connection beside the session's own executor, and
 * handlers may write through {@code getConnection()}; MyBatis then believes the session is clean,
 * skips {@code commit()} and {@code rollback()}, and on {@code close()} resets auto-commit, which
 * commits whatever is pending. So here {@code commit()} means {@code commit(true)}, {@code
 * rollback()} means {@code rollback(true)}, and {@code close()} rolls back what was not committed.
 */
final class TransactionBoundSessions {
  private TransactionBoundSessions() {}

  static SqlSession wrap(SqlSession session) {
    return (SqlSession)
        Proxy.newProxyInstance(
            SqlSession.class.getClassLoader(),
            new Class<?>[] {SqlSession.class},
            (proxy, method, args) -> invoke(session, method, args));
  }

  private static Object invoke(SqlSession session, Method method, Object[] args) throws Throwable {
    boolean noArgs = args == null || args.length == 0;
    switch (method.getName()) {
      case "commit" -> {
        session.commit(true);
        return null;
      }
      case "rollback" -> {
        session.rollback(true);
        return null;
      }
      case "close" -> {
        try {
          session.rollback(true); // nothing pending after a commit; else this is the rollback
        } finally {
          session.close();
        }
        return null;
      }
      case "toString" -> {
        if (noArgs) {
          return "TransactionBound(" + session + ")";
        }
      }
      default -> {}
    }
    try {
      return method.invoke(session, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
