package io.steadfast.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Runs the statements of a Steadfast table (outbox, inbox): each with the statement timeout where
 * the dialect takes one, in auto-commit mode on a connection of its own, every {@link SQLException}
 * turned into the table's exception, naming the table and what failed. Internal; not for direct
 * use.
 */
public final class JdbcStatements {
  private final DataSource dataSource;
  private final String table;
  private final JdbcDialect dialect;
  private final int timeoutSeconds;
  private final BiFunction<String, SQLException, RuntimeException> failures;

  /**
   * @param failures builds the exception for a failed statement from its message and cause
   */
  public JdbcStatements(
      DataSource dataSource,
      String table,
      JdbcDialect dialect,
      int timeoutSeconds,
      BiFunction<String, SQLException, RuntimeException> failures) {
    this.dataSource = dataSource;
    this.table = table;
    this.dialect = dialect;
    this.timeoutSeconds = timeoutSeconds;
    this.failures = failures;
  }

  /** The database's dialect. */
  public JdbcDialect dialect() {
    return dialect;
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** Binds a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads a result. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  public int update(String what, String statement, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, statement)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  public <T> T query(String what, String statement, Binder binder, Reader<T> reader) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, statement)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  public PreparedStatement prepare(Connection c, String statement) throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    if (dialect.timesOutPerStatement()) {
      ps.setQueryTimeout(timeoutSeconds);
    }
    return ps;
  }

  /** The table's exception for {@code what} failing with {@code e}. */
  public RuntimeException failure(String what, SQLException e) {
    return failures.apply(table + ": " + what + ": " + e.getMessage(), e);
  }

  public static void bindIds(PreparedStatement ps, int first, List<Long> ids) throws SQLException {
    for (int i = 0; i < ids.size(); i++) {
      ps.setLong(first + i, ids.get(i));
    }
  }

  /** Work on one connection, inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of its own: committed if it returns,
   * rolled back if it throws.
   */
  public <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = connection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** {@code (?, ?, ?)} for {@code n} parameters, for an {@code IN} list. */
  public static String placeholders(int n) {
    return "(" + "?, ".repeat(n - 1) + "?)";
  }

  /** A connection of the table's data source. */
  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }
}
