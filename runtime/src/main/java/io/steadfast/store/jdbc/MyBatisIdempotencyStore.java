package io.steadfast.store.jdbc;

import io.steadfast.internal.Checks;
import io.steadfast.internal.jdbc.SqlScripts;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.CompletedAndClaimed;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.store.TransactionalIdempotencyStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedup records in one SQL table through MyBatis: H2 (the zero-setup default), PostgreSQL or
 * MariaDB 10.5+.
 *
 * <p>Claims never raise duplicate-key errors: each dialect uses an insert that skips existing keys
 * and reports which rows it inserted ({@link SqlDialect}), so a PostgreSQL transaction is never
 * aborted by a duplicate. Keys that already exist are then taken over when their lease or retention
 * has expired, and their state is read back, all on one connection. A claim of N fresh keys is one
 * multi-row statement. Keys are stored as SHA-256 hashes (any length and characters are safe) with
 * the first 1,024 characters of the original for debugging.
 *
 * <p>Every lease and retention time is computed by the database's clock, so consumers whose clocks
 * differ still agree on when a lease has expired, and a purge from a skewed host deletes nothing
 * live. Complete, renew and release match the claim's owner token, not the clock. Every statement
 * has a timeout ({@link Builder#statementTimeout}); for a network that can stall, also set the
 * driver's socket timeout (PostgreSQL {@code socketTimeout}, MariaDB {@code socketTimeout}).
 */
public final class MyBatisIdempotencyStore implements TransactionalIdempotencyStore {

  /** Default table name, as in the shipped DDL scripts. */
  public static final String DEFAULT_TABLE = "steadfast_dedup";

  static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);

  /** Rows {@link #purgeExpired()} deletes per statement (well inside the statement timeout). */
  static final int PURGE_CHUNK = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(MyBatisIdempotencyStore.class);
  private static final String NS = DedupSessions.NS;

  /** Clock difference to the database above which the store warns at start. */
  private static final Duration SKEW_WARNING = Duration.ofSeconds(1);

  private final DedupSessions sessions;
  private final SqlSessionFactory businessFactory;
  private final SqlDialect dialect;
  private final String table;
  private final AutoCloseable ownedResource;

  private MyBatisIdempotencyStore(Builder builder, SqlDialect dialect) {
    this.dialect = dialect;
    this.table = builder.table;
    this.ownedResource = builder.ownedResource;
    this.sessions = new DedupSessions(builder.dataSource, dialect, table, builder.statementTimeout);
    this.businessFactory =
        builder.businessFactory != null ? builder.businessFactory : sessions.factory();
  }

  /** Starts configuring a store over {@code dataSource} (pooled, e.g. HikariCP). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The zero-setup default: an H2 database in {@code file} (created if missing, table created on
   * start). H2 writes its file from a background thread, so the newest DONE records can be lost
   * when the machine fails (see docs/stores.md); use PostgreSQL or MariaDB where that matters.
   *
   * @throws IllegalArgumentException if the path contains ';' (H2 would read what follows as
   *     connection settings)
   */
  public static MyBatisIdempotencyStore h2File(Path file) {
    return H2Stores.file(file);
  }

  /**
   * An in-memory H2 database named {@code name}, kept until the store is closed.
   *
   * @throws IllegalArgumentException if the name contains ';'
   */
  public static MyBatisIdempotencyStore h2InMemory(String name) {
    return H2Stores.inMemory(name);
  }

  /** The dialect in use. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** The table in use. */
  public String table() {
    return table;
  }

  @Override
  public ClaimResult claim(String group, String key, Duration lease) {
    return claimAll(group, List.of(key), lease).get(0);
  }

  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    checkClaim(group, keys, lease);
    return sessions.autocommit("claim", s -> ClaimBatch.run(s, dialect, group, keys, lease));
  }

  @Override
  public ClaimResult claim(Connection connection, String group, String key, Duration lease) {
    checkClaim(group, List.of(key), lease);
    return sessions
        .joined(connection, "claim", s -> ClaimBatch.run(s, dialect, group, List.of(key), lease))
        .get(0);
  }

  @Override
  public boolean complete(Claim claim, Duration retention) {
    Checks.positive(retention, "retention");
    return sessions.autocommit("complete", s -> completeIn(s, claim, retention));
  }

  @Override
  public boolean complete(Connection connection, Claim claim, Duration retention) {
    Checks.positive(retention, "retention");
    return sessions.joined(connection, "complete", s -> completeIn(s, claim, retention));
  }

  /** One owner-checked multi-row statement or JDBC batch, as the dialect does it. */
  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    Checks.positive(retention, "retention");
    return updateAll("complete", claims, retention);
  }

  /**
   * One commit for both; on PostgreSQL also one statement, so one round trip ({@link
   * CompletionsWithClaim}).
   */
  @Override
  public CompletedAndClaimed completeAllAndClaimAll(
      List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
    Checks.positive(retention, "retention");
    checkClaim(group, keys, lease);
    if (done.isEmpty()) {
      return new CompletedAndClaimed(List.of(), claimAll(group, keys, lease));
    }
    return CompletionsWithClaim.run(sessions, dialect, done, retention, group, keys, lease);
  }

  /** One owner-checked multi-row statement or JDBC batch, as the dialect does it. */
  @Override
  public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    Checks.positive(lease, "lease");
    return updateAll("renew", claims, lease);
  }

  private List<Boolean> updateAll(String statement, List<Claim> claims, Duration ttl) {
    return claims.isEmpty()
        ? List.of()
        : dialect.ownedUpdates().run(sessions, statement, claims, ttl);
  }

  @Override
  public boolean release(Claim claim) {
    return sessions.autocommit(
        "release", s -> s.delete(NS + "release", OwnedUpdates.params(claim, Duration.ZERO)) == 1);
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    Checks.positive(lease, "lease");
    return sessions.autocommit(
        "renew", s -> s.update(NS + "renew", OwnedUpdates.params(claim, lease)) == 1);
  }

  /**
   * Deletes every record whose retention (DONE) or lease (PROCESSING) has expired; such records by
   * the database's clock are free to claim anyway, so this only reclaims space. Run it
   * periodically. Deletes {@value #PURGE_CHUNK} rows per statement, each committed on its own, so
   * claims and completions go on beside a large purge.
   *
   * @return the number of rows deleted
   */
  public int purgeExpired() {
    Map<String, Object> chunk = Map.of("limit", PURGE_CHUNK);
    int total = 0;
    int deleted;
    do {
      deleted = sessions.autocommit("purge", s -> s.delete(NS + "purge", chunk));
      total += deleted;
    } while (deleted == PURGE_CHUNK);
    LOG.debug("purged {} expired dedup records from {}", total, table);
    return total;
  }

  /**
   * A new session (transaction, not auto-committing) for business work plus the dedup row. Its
   * {@code commit()} and {@code rollback()} always reach the database, and {@code close()} rolls
   * back what was not committed, even when MyBatis saw no writes of its own.
   */
  @Override
  public SqlSession openSession() {
    return TransactionBoundSessions.wrap(businessFactory.openSession(false));
  }

  /**
   * A session with the application's mappers ({@link Builder#businessSessions}) inside the
   * transaction of {@code connection}; its statements run at once (no batching), so they are on the
   * connection when its owner commits.
   */
  @Override
  public SqlSession sessionOn(Connection connection) {
    return DedupSessions.on(businessFactory.getConfiguration(), connection);
  }

  /**
   * The mapper interfaces that sessions from {@link #openSession()} know: the application's, when
   * it gave its own factory ({@link Builder#businessSessions}); none otherwise.
   */
  public Collection<Class<?>> businessMappers() {
    return businessFactory.getConfiguration().getMapperRegistry().getMappers();
  }

  @Override
  public void close() {
    if (ownedResource != null) {
      try {
        ownedResource.close();
      } catch (Exception e) {
        LOG.warn("closing the dedup store's database failed", e);
      }
    }
  }

  private static boolean completeIn(SqlSession session, Claim claim, Duration retention) {
    return session.update(NS + "complete", OwnedUpdates.params(claim, retention)) == 1;
  }

  private static void checkClaim(String group, List<String> keys, Duration lease) {
    Checks.consumerGroup(group);
    Objects.requireNonNull(keys, "keys");
    keys.forEach(Checks::dedupKey);
    Checks.positive(lease, "lease");
  }

  private void warnAboutClockSkew(Clock hostClock) {
    long before = hostClock.millis();
    long database = sessions.autocommit("read the clock", s -> s.<Long>selectOne(NS + "now"));
    long skew = (before + hostClock.millis()) / 2 - database;
    if (Math.abs(skew) > SKEW_WARNING.toMillis()) {
      LOG.warn(
          "this host's clock differs from the database's by {} ms; dedup leases use the"
              + " database's clock, so deduplication is unaffected, but check NTP on this host",
          skew);
    }
  }

  /** Configures a {@link MyBatisIdempotencyStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private SqlDialect dialect;
    private String table = DEFAULT_TABLE;
    private boolean createTable;
    private Clock clock = Clock.systemUTC();
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private SqlSessionFactory businessFactory;
    private AutoCloseable ownedResource;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** The dialect; by default detected from the database (and checked) on {@link #build()}. */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Table name (letters, digits, underscore; at most 55 characters); default {@value
     * MyBatisIdempotencyStore#DEFAULT_TABLE}.
     */
    public Builder table(String table) {
      this.table = SqlScripts.tableName(table);
      return this;
    }

    /**
     * Runs the dialect's shipped DDL ({@code CREATE ... IF NOT EXISTS}) on build; default false.
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * This host's clock, compared with the database's on {@link #build()}: a difference above one
     * second is logged as a warning (check NTP). Leases and retention never use it: they are
     * computed by the database. Default: the UTC system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Timeout of every dedup statement (whole seconds, at least one); default 10 s. A statement
     * that runs longer fails, so the consumer leaves its messages for redelivery instead of
     * hanging. Not applied on H2, which runs in this JVM: there its {@code LOCK_TIMEOUT} bounds the
     * waits, and {@code ;QUERY_TIMEOUT=<ms>} in its URL bounds statements (the zero-setup H2 stores
     * set 10 s).
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Checks.positive(timeout, "statementTimeout");
      return this;
    }

    /**
     * The application's own MyBatis factory (with its mappers) over the same database: {@link
     * #openSession()} then returns its sessions, and the dedup statements join their connection.
     */
    public Builder businessSessions(SqlSessionFactory factory) {
      this.businessFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Something the store closes when it is closed (e.g. a connection pool it was given). */
    public Builder closeOnShutdown(AutoCloseable resource) {
      this.ownedResource = resource;
      return this;
    }

    /**
     * Detects and checks the dialect, creates the table if asked, and returns the store.
     *
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws IllegalStateException if the database is not supported
     */
    public MyBatisIdempotencyStore build() {
      try (Connection connection = dataSource.getConnection()) {
        SqlDialect detected = dialect != null ? dialect : SqlDialect.detect(connection);
        if (createTable) {
          SqlScripts.run(connection, detected.schemaResource(), DEFAULT_TABLE, table);
        }
        MyBatisIdempotencyStore store = new MyBatisIdempotencyStore(this, detected);
        store.warnAboutClockSkew(clock);
        LOG.info("dedup store ready: {} table {}", detected, table);
        return store;
      } catch (SQLException e) {
        throw new StoreUnavailableException("cannot open the dedup store's database", e);
      }
    }
  }
}
