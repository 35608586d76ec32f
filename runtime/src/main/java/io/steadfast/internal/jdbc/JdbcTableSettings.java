package io.steadfast.internal.jdbc;

import io.steadfast.internal.Checks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the builders of the outbox and inbox tables share: the data source, table name, whether to
 * create the table, the statement timeout, and opening the table (detect the dialect, run the
 * shipped DDL if asked). Internal; not for direct use.
 */
public final class JdbcTableSettings {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTableSettings.class);

  private final DataSource dataSource;
  private final String kind;
  private final String defaultTable;
  private final String schemaPrefix;
  private String table;
  private boolean createTable;
  private Duration statementTimeout = Duration.ofSeconds(10);

  /**
   * @param kind the table's kind for messages, e.g. {@code "Outbox"}
   * @param schemaPrefix classpath prefix of the DDL scripts ({@link JdbcDialect#script})
   */
  public JdbcTableSettings(
      DataSource dataSource, String kind, String defaultTable, String schemaPrefix) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.kind = kind;
    this.defaultTable = defaultTable;
    this.schemaPrefix = schemaPrefix;
    this.table = defaultTable;
  }

  public void table(String table) {
    this.table = SqlScripts.tableName(table);
  }

  public String table() {
    return table;
  }

  public void createTable(boolean createTable) {
    this.createTable = createTable;
  }

  public void statementTimeout(Duration timeout) {
    this.statementTimeout = Checks.positive(timeout, "statementTimeout");
  }

  /**
   * Detects the database, creates the table if asked, and returns the statements of the table.
   *
   * @param failures builds the table's exception from a message and its cause
   * @throws RuntimeException from {@code failures} if the database cannot be reached
   * @throws IllegalStateException if the database is not supported
   */
  public JdbcStatements open(BiFunction<String, SQLException, RuntimeException> failures) {
    try (Connection connection = dataSource.getConnection()) {
      JdbcDialect dialect = JdbcDialect.detect(connection);
      if (createTable) {
        SqlScripts.run(connection, dialect.script(schemaPrefix), defaultTable, table);
      }
      LOG.info("{} ready: {} table {}", kind, dialect, table);
      return new JdbcStatements(
          dataSource,
          table,
          dialect,
          (int) Math.max(1, statementTimeout.toSeconds()),
          (message, cause) -> failures.apply(kind + " " + message, cause));
    } catch (SQLException e) {
      throw failures.apply(kind + " " + table + ": cannot open its database", e);
    }
  }
}
