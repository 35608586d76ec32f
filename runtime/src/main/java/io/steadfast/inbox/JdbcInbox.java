package io.steadfast.inbox;

import io.steadfast.internal.Checks;
import io.steadfast.internal.jdbc.JdbcStatements;
import io.steadfast.internal.jdbc.JdbcTableSettings;
import io.steadfast.internal.jdbc.LeaseSql;
import io.steadfast.internal.jdbc.LeasedRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox table on H2, PostgreSQL or MariaDB 10.6+ (DDL shipped as {@code
 * io/steadfast/inbox/schema-inbox-<dialect>.sql}). A row's unique key is (consumer group, SHA-256
 * of the dedup key), so a copy is recognised on arrival without a duplicate-key error on PostgreSQL
 * and MariaDB. Claims lock candidates with {@code FOR UPDATE SKIP LOCKED} and lease them to a fresh
 * owner token, as the outbox does.
 */
public final class JdbcInbox implements InboxStore {
  public static final String DEFAULT_TABLE = "steadfast_inbox";
  private static final String SCHEMA_PREFIX = "io/steadfast/inbox/schema-inbox-";
  private static final Logger LOG = LoggerFactory.getLogger(JdbcInbox.class);

  private final String table;
  private final JdbcStatements statements;
  private final InboxSql sql;
  private final LeasedRows leases;

  private JdbcInbox(Builder b) {
    this.statements = b.settings.open(InboxException::new);
    this.table = statements.table();
    this.sql = new InboxSql(table, statements.dialect());
    this.leases = new LeasedRows(statements, new LeaseSql(table, statements.dialect()));
  }

  /** An inbox on {@code dataSource}; transactional handlers write to this database too. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public String name() {
    return table;
  }

  @Override
  public boolean store(InboxEntry e) {
    try {
      return statements.update(
              "cannot store message " + e.messageId(),
              sql.insert,
              ps -> InboxColumns.bindInsert(ps, e))
          > 0;
    } catch (InboxException failure) {
      if (failure.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return false; // H2: the row exists (JdbcDialect.insertSkippingDuplicates)
      }
      throw failure;
    }
  }

  @Override
  public List<InboxRecord> claim(String group, int max, Duration lease, boolean ordered) {
    Checks.atLeast(max, 1, "max");
    return leases.claim(
        "cannot claim rows of group " + group,
        ordered ? sql.orderedCandidates : sql.candidates,
        ps -> {
          ps.setString(1, group);
          ps.setInt(2, max);
        },
        lease,
        InboxSql.CLAIMED_COLUMNS,
        InboxColumns::record);
  }

  @Override
  public boolean renew(InboxRecord record, Duration lease) {
    return leases.renew(record.id(), record.owner(), lease);
  }

  @Override
  public boolean complete(InboxRecord record, Duration retention) {
    return statements.update(
            "cannot complete row " + record.id(),
            sql.complete,
            ps -> bindComplete(ps, record, retention))
        > 0;
  }

  @Override
  public boolean complete(Connection transaction, InboxRecord record, Duration retention) {
    try (PreparedStatement ps = statements.prepare(transaction, sql.complete)) {
      bindComplete(ps, record, retention);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw statements.failure("cannot complete row " + record.id(), e);
    }
  }

  private static void bindComplete(PreparedStatement ps, InboxRecord record, Duration retention)
      throws SQLException {
    ps.setLong(1, retention.toMillis());
    ps.setLong(2, record.id());
    ps.setString(3, record.owner());
  }

  @Override
  public void retryLater(InboxRecord record, Duration delay, String reason) {
    leases.retryLater(record.id(), record.owner(), delay, reason);
  }

  @Override
  public void park(InboxRecord record, String reason) {
    leases.park(record.id(), record.owner(), reason);
  }

  @Override
  public List<ParkedInboxMessage> parked(String group, int limit) {
    return statements.query(
        "cannot list parked rows",
        sql.parked,
        ps -> {
          ps.setString(1, group);
          ps.setInt(2, Checks.atLeast(limit, 1, "limit"));
        },
        InboxColumns::parked);
  }

  @Override
  public boolean replay(long id) {
    boolean replayed = leases.replay(id);
    if (replayed) {
      LOG.info("Inbox {}: parked row {} replayed; its handler runs again", table, id);
    }
    return replayed;
  }

  @Override
  public long pending(String group) {
    return statements.query(
        "cannot count pending rows",
        sql.pending,
        ps -> ps.setString(1, group),
        rs -> rs.next() ? rs.getLong(1) : 0);
  }

  @Override
  public int purgeDone() {
    return statements.update("cannot purge done rows", sql.purge, ps -> {});
  }

  @Override
  public Connection connection() throws SQLException {
    return statements.connection();
  }

  @Override
  public String toString() {
    return "JdbcInbox[table " + table + "]";
  }

  /** Configures a {@link JdbcInbox}. */
  public static final class Builder {
    private final JdbcTableSettings settings;

    private Builder(DataSource dataSource) {
      this.settings = new JdbcTableSettings(dataSource, "Inbox", DEFAULT_TABLE, SCHEMA_PREFIX);
    }

    /**
     * Table name (letters, digits, underscore; at most 55 characters); default {@value
     * #DEFAULT_TABLE}.
     */
    public Builder table(String table) {
      settings.table(table);
      return this;
    }

    /** Runs the shipped DDL ({@code CREATE ... IF NOT EXISTS}) on build; default false. */
    public Builder createTable(boolean createTable) {
      settings.createTable(createTable);
      return this;
    }

    /** Timeout of every inbox statement (whole seconds); default 10 s; not applied on H2. */
    public Builder statementTimeout(Duration timeout) {
      settings.statementTimeout(timeout);
      return this;
    }

    /**
     * Detects the database, creates the table if asked, and returns the inbox.
     *
     * @throws InboxException if the database cannot be reached
     * @throws IllegalStateException if the database is not supported
     */
    public JdbcInbox build() {
      return new JdbcInbox(this);
    }
  }
}
