package io.steadfast.store.jdbc;

import io.steadfast.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSession;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.transaction.managed.ManagedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MyBatis side of the JDBC store: the dedup mapper configured for one dialect and table, and
 * the three ways its statements run (auto-committing, in a caller's transaction, as a JDBC batch),
 * each turning a database failure into {@link StoreUnavailableException}.
 */
final class DedupSessions {
  /** Namespace of the statements in {@code DedupMapper.xml}. */
  static final String NS = "steadfast.dedup.";

  private static final Logger LOG = LoggerFactory.getLogger(DedupSessions.class);
  private static final String MAPPER = "io/steadfast/store/jdbc/DedupMapper.xml";

  /** Rows per statement: keeps multi-row statements well below every driver's parameter limit. */
  static final int CHUNK = 1000;

  /** Attempts for autocommit statements that the database aborted (deadlock, serialization). */
  private static final int ATTEMPTS = 3;

  private final Configuration configuration;
  private final SqlSessionFactory factory;
  private final String where;

  DedupSessions(
      DataSource dataSource, SqlDialect dialect, String table, Duration statementTimeout) {
    this.configuration = newConfiguration(dataSource, dialect, table, statementTimeout);
    this.factory = new DefaultSqlSessionFactory(configuration);
    this.where = dialect + " table " + table;
  }

  /** Sessions over the store's data source, with the dedup mapper. */
  SqlSessionFactory factory() {
    return factory;
  }

  /** Runs {@code work} on an auto-committing session, retrying when the database aborted it. */
  <T> T autocommit(String operation, Function<SqlSession, T> work) {
    return retried(operation, () -> factory.openSession(true), work);
  }

  /**
   * Runs {@code work} in one transaction on a batching session (statements are sent at its next
   * select or {@link #batchIn} flush) and commits it, retrying when the database aborted it.
   */
  <T> T transaction(String operation, Function<SqlSession, T> work) {
    return retried(
        operation,
        () -> factory.openSession(ExecutorType.BATCH, false),
        session -> {
          T result = work.apply(session);
          session.commit(true);
          return result;
        });
  }

  private <T> T retried(String operation, Supplier<SqlSession> open, Function<SqlSession, T> work) {
    for (int attempt = 1; ; attempt++) {
      try (SqlSession session = open.get()) {
        return work.apply(session);
      } catch (PersistenceException e) {
        if (attempt < ATTEMPTS && isTransactionRollback(e)) {
          LOG.debug(
              "{} on {} aborted by the database (attempt {}), retrying", operation, where, attempt);
          continue;
        }
        throw unavailable(operation, e);
      }
    }
  }

  /** Runs {@code work} on the caller's connection, and so in its transaction. */
  <T> T joined(Connection connection, String operation, Function<SqlSession, T> work) {
    Objects.requireNonNull(connection, "connection");
    try (SqlSession session = on(configuration, connection)) {
      return work.apply(session);
    } catch (PersistenceException e) {
      throw unavailable(operation, e);
    }
  }

  /**
   * A session of {@code configuration} whose statements run at once on {@code connection}; its
   * commit, rollback and close leave the connection and its transaction to their owner.
   */
  static SqlSession on(Configuration configuration, Connection connection) {
    return new DefaultSqlSession(
        configuration,
        configuration.newExecutor(new ManagedTransaction(connection, false), ExecutorType.SIMPLE),
        false);
  }

  /**
   * Runs {@code statement} once per item as one JDBC batch, commits it and returns whether each run
   * changed exactly one row, in order.
   *
   * @throws IllegalStateException if the driver did not answer one count per item
   */
  <T> List<Boolean> batch(String statement, List<T> items, Function<T, Object> params) {
    return transaction(statement, session -> batchIn(session, statement, items, params));
  }

  /**
   * Runs {@code statement} once per item as one JDBC batch on a batching {@code session}, without
   * committing; whether each run changed exactly one row, in order.
   *
   * @throws IllegalStateException if the driver did not answer one count per item
   */
  static <T> List<Boolean> batchIn(
      SqlSession session, String statement, List<T> items, Function<T, Object> params) {
    session.flushStatements(); // what the session queued before: not part of the counts
    for (T item : items) {
      session.update(NS + statement, params.apply(item));
    }
    List<Boolean> results = new ArrayList<>(items.size());
    for (BatchResult batch : session.flushStatements()) {
      for (int count : batch.getUpdateCounts()) {
        results.add(count == 1);
      }
    }
    if (results.size() != items.size()) {
      throw new IllegalStateException(
          "driver returned " + results.size() + " update counts for " + items.size() + " rows");
    }
    return results;
  }

  /**
   * Applies {@code perChunk} to consecutive slices of at most 1,000 items; the answers in order.
   */
  static <T, R> List<R> inChunks(List<T> items, Function<List<T>, List<R>> perChunk) {
    List<R> results = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += CHUNK) {
      results.addAll(perChunk.apply(items.subList(from, Math.min(items.size(), from + CHUNK))));
    }
    return results;
  }

  private StoreUnavailableException unavailable(String operation, Exception cause) {
    return new StoreUnavailableException(
        "dedup store (" + where + ") failed to " + operation, cause);
  }

  /** SQLState class 40 (transaction rollback: deadlock, serialization failure) is standard SQL. */
  private static boolean isTransactionRollback(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("40")) {
        return true;
      }
    }
    return false;
  }

  private static Configuration newConfiguration(
      DataSource dataSource, SqlDialect dialect, String table, Duration statementTimeout) {
    Configuration configuration =
        new Configuration(
            new Environment("steadfast-dedup", new JdbcTransactionFactory(), dataSource));
    // A stalled database fails the call (the consumer fails closed) instead of hanging a thread.
    if (dialect.timesOutPerStatement()) {
      configuration.setDefaultStatementTimeout((int) Math.max(1, statementTimeout.toSeconds()));
    }
    configuration.setDatabaseId(dialect.databaseId());
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.setCacheEnabled(false);
    // Claims are INSERT ... RETURNING mapped as selects: never serve them from the session cache.
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    Properties variables = new Properties();
    variables.setProperty("table", table);
    configuration.setVariables(variables);
    try (InputStream in = DedupSessions.class.getClassLoader().getResourceAsStream(MAPPER)) {
      new XMLMapperBuilder(in, configuration, MAPPER, configuration.getSqlFragments()).parse();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MAPPER, e);
    }
    return configuration;
  }
}
