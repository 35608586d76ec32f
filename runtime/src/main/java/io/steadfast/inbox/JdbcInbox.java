package io.steadfast.inbox;

import io.steadfast.internal.Checks;
import io.steadfast.internal.Digests;
import io.steadfast.internal.JdbcDialect;
import io.steadfast.internal.JdbcStatements;
import io.steadfast.internal.SqlColumns;
import io.steadfast.internal.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
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

  private JdbcInbox(Builder b, JdbcDialect dialect) {
    this.table = b.table;
    this.sql = new InboxSql(b.table, dialect);
    this.statements =
        new JdbcStatements(
            b.dataSource,
            b.table,
            dialect,
            (int) Math.max(1, b.statementTimeout.toSeconds()),
            (message, cause) -> new InboxException("Inbox " + message, cause));
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
              ps -> {
                ps.setString(1, Checks.consumerGroup(e.group()));
                ps.setString(2, Digests.sha256Hex(e.dedupKey()));
                ps.setString(3, shown(e.dedupKey()));
                ps.setString(4, SqlColumns.checked(e.messageId(), 128, "message id"));
                ps.setString(5, SqlColumns.checked(e.topic(), 255, "topic"));
                ps.setString(6, SqlColumns.checked(e.tag(), 255, "tag"));
                ps.setString(7, SqlColumns.json(e.keys()));
                ps.setString(8, SqlColumns.json(e.properties()));
                ps.setBytes(9, e.body());
                ps.setString(10, SqlColumns.checked(e.orderKey(), 255, "message group"));
              })
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
    String owner = UUID.randomUUID().toString();
    return statements.inTransaction(
        "cannot claim rows of group " + group, c -> claim(c, group, owner, max, lease, ordered));
  }

  private List<InboxRecord> claim(
      Connection c, String group, String owner, int max, Duration lease, boolean ordered)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement candidates =
        statements.prepare(c, ordered ? sql.orderedCandidates : sql.candidates)) {
      candidates.setString(1, group);
      candidates.setInt(2, max);
      try (ResultSet rs = candidates.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement update = statements.prepare(c, sql.lease(ids.size()))) {
      update.setString(1, owner);
      update.setLong(2, lease.toMillis());
      JdbcStatements.bindIds(update, 3, ids);
      update.executeUpdate();
    }
    List<InboxRecord> claimed = new ArrayList<>();
    try (PreparedStatement select = statements.prepare(c, sql.claimed(ids.size()))) {
      JdbcStatements.bindIds(select, 1, ids);
      select.setString(ids.size() + 1, owner);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          claimed.add(
              new InboxRecord(
                  rs.getLong("id"),
                  owner,
                  rs.getString("dedup_key"),
                  rs.getString("message_id"),
                  rs.getString("topic"),
                  rs.getString("tag"),
                  SqlColumns.list(rs.getString("message_keys")),
                  SqlColumns.map(rs.getString("properties")),
                  rs.getBytes("body"),
                  rs.getInt("attempts")));
        }
      }
    }
    return claimed;
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
    statements.update(
        "cannot schedule a retry of row " + record.id(),
        sql.retryLater,
        ps -> {
          ps.setLong(1, delay.toMillis());
          ps.setString(2, SqlColumns.truncated(reason));
          ps.setLong(3, record.id());
          ps.setString(4, record.owner());
        });
  }

  @Override
  public void park(InboxRecord record, String reason) {
    statements.update(
        "cannot park row " + record.id(),
        sql.park,
        ps -> {
          ps.setString(1, SqlColumns.truncated(reason));
          ps.setLong(2, record.id());
          ps.setString(3, record.owner());
        });
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
        rs -> {
          List<ParkedInboxMessage> parked = new ArrayList<>();
          while (rs.next()) {
            parked.add(
                new ParkedInboxMessage(
                    rs.getLong("id"),
                    rs.getString("dedup_key"),
                    rs.getString("message_id"),
                    rs.getString("topic"),
                    rs.getString("tag"),
                    rs.getInt("attempts"),
                    rs.getString("last_error")));
          }
          return parked;
        });
  }

  @Override
  public boolean replay(long id) {
    boolean replayed =
        statements.update("cannot replay row " + id, sql.replay, ps -> ps.setLong(1, id)) > 0;
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

  /** The first 1,024 characters of a key, NUL shown as U+FFFD: for people, not for lookups. */
  private static String shown(String key) {
    String text = key.length() <= 1024 ? key : key.substring(0, 1024);
    return text.replace('\0', '\uFFFD');
  }

  /** Configures a {@link JdbcInbox}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private boolean createTable;
    private Duration statementTimeout = Duration.ofSeconds(10);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Table name (letters, digits, underscore; at most 55 characters); default {@value
     * #DEFAULT_TABLE}.
     */
    public Builder table(String table) {
      this.table = SqlScripts.tableName(table);
      return this;
    }

    /** Runs the shipped DDL ({@code CREATE ... IF NOT EXISTS}) on build; default false. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /** Timeout of every inbox statement (whole seconds); default 10 s; not applied on H2. */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Checks.positive(timeout, "statementTimeout");
      return this;
    }

    /**
     * Detects the database, creates the table if asked, and returns the inbox.
     *
     * @throws InboxException if the database cannot be reached
     * @throws IllegalStateException if the database is not supported
     */
    public JdbcInbox build() {
      try (Connection connection = dataSource.getConnection()) {
        JdbcDialect dialect = JdbcDialect.detect(connection);
        if (createTable) {
          SqlScripts.run(connection, dialect.script(SCHEMA_PREFIX), DEFAULT_TABLE, table);
        }
        LOG.info("inbox ready: {} table {}", dialect, table);
        return new JdbcInbox(this, dialect);
      } catch (SQLException e) {
        throw new InboxException("Inbox " + table + ": cannot open its database", e);
      }
    }
  }
}
