package io.steadfast.outbox;

import io.steadfast.codec.Codecs;
import io.steadfast.codec.EncodedPayload;
import io.steadfast.internal.Checks;
import io.steadfast.internal.JdbcDialect;
import io.steadfast.internal.JdbcStatements;
import io.steadfast.internal.SqlColumns;
import io.steadfast.internal.SqlScripts;
import io.steadfast.produce.OutgoingMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table on H2, PostgreSQL or MariaDB 10.6+ (DDL shipped as {@code
 * io/steadfast/outbox/schema-outbox-<dialect>.sql}). {@link #enqueue} writes on the caller's
 * connection; everything else runs on connections of the {@link DataSource}, in auto-commit mode
 * except the claim, whose short transaction locks its candidate rows with {@code FOR UPDATE SKIP
 * LOCKED} and leases them to a fresh owner token.
 */
public final class JdbcOutbox implements OutboxStore {
  public static final String DEFAULT_TABLE = "steadfast_outbox";
  private static final String SCHEMA_PREFIX = "io/steadfast/outbox/schema-outbox-";
  static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);

  private final JdbcStatements statements;
  private final String table;
  private final JdbcDialect dialect;
  private final OutboxSql sql;
  private final Codecs codecs;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private JdbcOutbox(Builder b, JdbcDialect dialect) {
    this.table = b.table;
    this.dialect = dialect;
    this.sql = new OutboxSql(b.table, dialect);
    this.codecs = b.codecs;
    this.statements =
        new JdbcStatements(
            b.dataSource,
            b.table,
            dialect,
            (int) Math.max(1, b.statementTimeout.toSeconds()),
            (message, cause) -> new OutboxException("Outbox " + message, cause));
  }

  /**
   * An outbox on {@code dataSource}: the database of the transactions that enqueue (the relay reads
   * the committed rows through it).
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public String name() {
    return table;
  }

  @Override
  public void enqueue(Connection transaction, OutgoingMessage message) {
    Objects.requireNonNull(transaction, "transaction");
    EncodedPayload payload = EncodedPayload.encode(codecs, message.payload());
    String keys = SqlColumns.json(message.keys());
    try (PreparedStatement insert = statements.prepare(transaction, sql.insert)) {
      insert.setString(1, SqlColumns.checked(message.steadfastId(), 64, "steadfast-id"));
      insert.setString(2, SqlColumns.checked(message.topic(), 255, "topic"));
      insert.setString(3, SqlColumns.checked(message.tag(), 255, "tag"));
      insert.setString(4, SqlColumns.checked(keys, 4000, "message keys (as JSON)"));
      insert.setString(5, SqlColumns.checked(message.messageGroup(), 255, "message group"));
      insert.setLong(6, message.deliveryDelay() == null ? 0 : message.deliveryDelay().toMillis());
      insert.setString(7, SqlColumns.checked(payload.contentType(), 255, "content type"));
      insert.setBytes(8, payload.body());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw statements.failure("cannot enqueue steadfast-id " + message.steadfastId(), e);
    }
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("Outbox {}: enqueue listener {} failed; ignored", table, listener, e);
      }
    }
  }

  @Override
  public List<OutboxRecord> claim(int max, Duration lease) {
    Checks.atLeast(max, 1, "max");
    String owner = UUID.randomUUID().toString();
    return statements.inTransaction("cannot claim rows", c -> claim(c, owner, max, lease));
  }

  private List<OutboxRecord> claim(Connection c, String owner, int max, Duration lease)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement candidates = statements.prepare(c, sql.candidates)) {
      candidates.setInt(1, max);
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
    List<OutboxRecord> claimed = new ArrayList<>();
    try (PreparedStatement select = statements.prepare(c, sql.claimed(ids.size()))) {
      JdbcStatements.bindIds(select, 1, ids);
      select.setString(ids.size() + 1, owner);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          claimed.add(OutboxColumns.record(rs, owner));
        }
      }
    }
    return claimed;
  }

  @Override
  public void markSent(Collection<OutboxRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Long> ids = records.stream().map(OutboxRecord::id).toList();
    statements.update(
        "cannot mark rows sent",
        sql.markSent(ids.size()),
        ps -> JdbcStatements.bindIds(ps, 1, ids));
  }

  @Override
  public void retryLater(OutboxRecord record, Duration delay, String reason) {
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
  public void release(OutboxRecord record, Duration delay) {
    statements.update(
        "cannot release row " + record.id(),
        sql.release,
        ps -> {
          ps.setLong(1, delay.toMillis());
          ps.setLong(2, record.id());
          ps.setString(3, record.owner());
        });
  }

  @Override
  public void park(OutboxRecord record, String reason) {
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
  public boolean hasEarlierPendingInGroup(OutboxRecord record) {
    return statements.query(
        "cannot check the order of message group " + record.messageGroup(),
        sql.earlierInGroup,
        ps -> {
          ps.setString(1, record.messageGroup());
          ps.setString(2, record.topic());
          ps.setLong(3, record.id());
        },
        ResultSet::next);
  }

  @Override
  public OutboxBacklog backlog() {
    return statements.query(
        "cannot read the backlog",
        sql.backlog,
        ps -> {},
        rs -> {
          rs.next();
          long oldest = rs.getLong(3);
          boolean none = rs.wasNull();
          return new OutboxBacklog(
              rs.getLong(1),
              rs.getLong(2),
              none ? Duration.ZERO : Duration.ofMillis(Math.max(0, rs.getLong(4) - oldest)));
        });
  }

  @Override
  public List<ParkedMessage> parked(int limit) {
    return statements.query(
        "cannot list parked rows",
        sql.parked,
        ps -> ps.setInt(1, Checks.atLeast(limit, 1, "limit")),
        rs -> {
          List<ParkedMessage> parked = new ArrayList<>();
          while (rs.next()) {
            parked.add(
                new ParkedMessage(
                    rs.getLong("id"),
                    rs.getString("steadfast_id"),
                    rs.getString("topic"),
                    rs.getString("tag"),
                    SqlColumns.list(rs.getString("message_keys")),
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
      LOG.info("Outbox {}: parked row {} replayed; the relay sends it again", table, id);
      listeners.forEach(Runnable::run);
    }
    return replayed;
  }

  @Override
  public int purgeSent(Duration retention) {
    return statements.update(
        "cannot purge sent rows", sql.purge, ps -> ps.setLong(1, retention.toMillis()));
  }

  @Override
  public void addEnqueueListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeEnqueueListener(Runnable listener) {
    listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "JdbcOutbox[" + dialect + " table " + table + "]";
  }

  /** Configures a {@link JdbcOutbox}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private boolean createTable;
    private Codecs codecs = Codecs.defaults();
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Table name (letters, digits, underscore; at most 55 characters); default {@value
     * JdbcOutbox#DEFAULT_TABLE}.
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

    /**
     * Codecs that encode payloads at enqueue time (the relay sends the stored bytes with their
     * content type); default {@link Codecs#defaults()}, the sender's default too.
     */
    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /**
     * Timeout of every outbox statement (whole seconds); default 10 s. Not applied on H2 (see
     * docs/stores.md, "SQL stores and time").
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Checks.positive(timeout, "statementTimeout");
      return this;
    }

    /**
     * Detects the database, creates the table if asked, and returns the outbox.
     *
     * @throws OutboxException if the database cannot be reached
     * @throws IllegalStateException if the database is not supported
     */
    public JdbcOutbox build() {
      try (Connection connection = dataSource.getConnection()) {
        JdbcDialect dialect = JdbcDialect.detect(connection);
        if (createTable) {
          SqlScripts.run(connection, dialect.script(SCHEMA_PREFIX), DEFAULT_TABLE, table);
        }
        LOG.info("outbox ready: {} table {}", dialect, table);
        return new JdbcOutbox(this, dialect);
      } catch (SQLException e) {
        throw new OutboxException("Outbox " + table + ": cannot open its database", e);
      }
    }
  }
}
