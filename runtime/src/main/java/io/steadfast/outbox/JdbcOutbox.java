package io.steadfast.outbox;

import io.steadfast.codec.Codecs;
import io.steadfast.codec.EncodedPayload;
import io.steadfast.internal.Checks;
import io.steadfast.internal.jdbc.JdbcStatements;
import io.steadfast.internal.jdbc.JdbcTableSettings;
import io.steadfast.internal.jdbc.LeaseSql;
import io.steadfast.internal.jdbc.LeasedRows;
import io.steadfast.produce.OutgoingMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
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

  private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);

  private final JdbcStatements statements;
  private final String table;
  private final OutboxSql sql;
  private final LeasedRows leases;
  private final Codecs codecs;
  private final EnqueueListeners listeners;

  private JdbcOutbox(Builder b) {
    this.statements = b.settings.open(OutboxException::new);
    this.table = statements.table();
    this.sql = new OutboxSql(table, statements.dialect());
    this.leases = new LeasedRows(statements, new LeaseSql(table, statements.dialect()));
    this.codecs = b.codecs;
    this.listeners = new EnqueueListeners(table);
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
    try (PreparedStatement insert = statements.prepare(transaction, sql.insert)) {
      OutboxColumns.bindInsert(insert, message, payload);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw statements.failure("cannot enqueue steadfast-id " + message.steadfastId(), e);
    }
    listeners.fire("enqueue");
  }

  @Override
  public List<OutboxRecord> claim(int max, Duration lease) {
    Checks.atLeast(max, 1, "max");
    return leases.claim(
        "cannot claim rows",
        sql.candidates,
        ps -> ps.setInt(1, max),
        lease,
        sql.claimedColumns,
        OutboxColumns::record);
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
    leases.retryLater(record.id(), record.owner(), delay, reason);
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
    leases.park(record.id(), record.owner(), reason);
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
        "cannot read the backlog", sql.backlog, ps -> {}, OutboxColumns::backlog);
  }

  @Override
  public List<ParkedMessage> parked(int limit) {
    return statements.query(
        "cannot list parked rows",
        sql.parked,
        ps -> ps.setInt(1, Checks.atLeast(limit, 1, "limit")),
        OutboxColumns::parked);
  }

  @Override
  public boolean replay(long id) {
    boolean replayed = leases.replay(id);
    if (replayed) {
      LOG.info("Outbox {}: parked row {} replayed; the relay sends it again", table, id);
      listeners.fire("replay");
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
    listeners.add(listener);
  }

  @Override
  public void removeEnqueueListener(Runnable listener) {
    listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "JdbcOutbox[" + statements.dialect() + " table " + table + "]";
  }

  /** Configures a {@link JdbcOutbox}. */
  public static final class Builder {
    private final JdbcTableSettings settings;
    private Codecs codecs = Codecs.defaults();

    private Builder(DataSource dataSource) {
      this.settings = new JdbcTableSettings(dataSource, "Outbox", DEFAULT_TABLE, SCHEMA_PREFIX);
    }

    /**
     * Table name (letters, digits, underscore; at most 55 characters); default {@value
     * JdbcOutbox#DEFAULT_TABLE}.
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
      settings.statementTimeout(timeout);
      return this;
    }

    /**
     * Detects the database, creates the table if asked, and returns the outbox.
     *
     * @throws OutboxException if the database cannot be reached
     * @throws IllegalStateException if the database is not supported
     */
    public JdbcOutbox build() {
      return new JdbcOutbox(this);
    }
  }
}
