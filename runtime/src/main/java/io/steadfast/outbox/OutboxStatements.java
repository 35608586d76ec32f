package io.steadfast.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs the outbox's statements: each with the statement timeout where the dialect takes one, in
 * auto-commit mode on a connection of its own, every {@link SQLException} turned into an {@link
 * OutboxException} that names the table and what failed.
 */
final class OutboxStatements {
  private final DataSource dataSource;
  private final String table;
  private final OutboxDialect dialect;
  private final int timeoutSeconds;

  OutboxStatements(DataSource dataSource, String table, OutboxDialect dialect, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.table = table;
    this.dialect = dialect;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Binds a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads a result. */
  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  int update(String what, String statement, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, statement)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  <T> T query(String what, String statement, Binder binder, Reader<T> reader) {
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

  PreparedStatement prepare(Connection c, String statement) throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    if (dialect.timesOutPerStatement()) {
      ps.setQueryTimeout(timeoutSeconds);
    }
    return ps;
  }

  OutboxException failure(String what, SQLException e) {
    return new OutboxException("Outbox " + table + ": " + what + ": " + e.getMessage(), e);
  }

  static void bindIds(PreparedStatement ps, int first, List<Long> ids) throws SQLException {
    for (int i = 0; i < ids.size(); i++) {
      ps.setLong(first + i, ids.get(i));
    }
  }

  /** A connection of the outbox's data source. */
  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }
}
