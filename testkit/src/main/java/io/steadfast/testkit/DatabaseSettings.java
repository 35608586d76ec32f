package io.steadfast.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * How to reach one test database. {@link #toString()} never shows the password.
 *
 * @param product database name for messages, e.g. "PostgreSQL"
 * @param urlVariable the environment variable that overrides the URL
 * @param jdbcUrl JDBC URL
 * @param user user name
 * @param password password (may be empty)
 */
public record DatabaseSettings(
    String product, String urlVariable, String jdbcUrl, String user, String password) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Opens a connection (the JDBC driver must be on the test classpath). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /**
   * Throws with a message that names the URL, the variable to set and how to start the server,
   * unless the database answers. Tests call this first, so a missing server fails the test (in CI
   * and locally alike) instead of skipping it.
   */
  public DatabaseSettings requireReachable() {
    try (Connection connection = connect()) {
      connection.isValid(5);
      return this;
    } catch (SQLException e) {
      throw new IllegalStateException(
          product
              + " is not reachable at "
              + jdbcUrl
              + " as "
              + user
              + " ("
              + e.getMessage()
              + "). Start it (.ci/run does) or point "
              + urlVariable
              + " at one. Tests that need it fail rather than skip"
              + ("true".equals(System.getenv("CI")) ? " (CI=true)." : "."));
    }
  }

  /** Drops {@code table} if it exists; {@code table} must be a plain lower-case identifier. */
  public void dropTable(String table) throws SQLException {
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("not a plain identifier: " + table);
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Override
  public String toString() {
    return product + "[" + jdbcUrl + ", user " + user + "]";
  }
}
