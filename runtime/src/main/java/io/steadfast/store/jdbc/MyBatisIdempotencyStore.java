package io.steadfast.store.jdbc;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.DedupKeys;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.store.TransactionalIdempotencyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
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
import org.h2.jdbcx.JdbcConnectionPool;
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

  private static final Logger LOG = LoggerFactory.getLogger(MyBatisIdempotencyStore.class);
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");
  private static final String MAPPER = "io/steadfast/store/jdbc/DedupMapper.xml";
  private static final String NS = "steadfast.dedup.";
  private static final int ORIGINAL_KEY_CHARS = 1024;
  /** Keys per statement: keeps multi-row statements well below every driver's parameter limit. */
  private static final int CHUNK = 1000;
  /** Attempts for autocommit statements that the database aborted (deadlock, serialization). */
  private static final int ATTEMPTS = 3;
  private static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration H2_CHECKOUT_WAIT = DEFAULT_STATEMENT_TIMEOUT.multipliedBy(3);
  /** Clock difference to the database above which the store warns at start. */
  private static final Duration SKEW_WARNING = Duration.ofSeconds(1);

  private final Configuration configuration;
  private final SqlSessionFactory factory;
  private final SqlSessionFactory businessFactory;
  private final SqlDialect dialect;
  private final String table;
  private final AutoCloseable ownedResource;

  private MyBatisIdempotencyStore(Builder builder, SqlDialect dialect) {
    this.dialect = dialect;
    this.table = builder.table;
    this.ownedResource = builder.ownedResource;
    this.configuration =
        newConfiguration(builder.dataSource, dialect, table, builder.statementTimeout);
    this.factory = new DefaultSqlSessionFactory(configuration);
    this.businessFactory = builder.businessFactory != null ? builder.businessFactory : factory;
  }

  /** Starts configuring a store over {@code dataSource} (pooled, e.g. HikariCP). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The zero-setup default: an H2 database in {@code file} (created if missing, table created on
   * start). H2 writes its file from a background thread, so the newest DONE records can be lost
   * when the machine fails (see docs/stores.md); use PostgreSQL or MariaDB where that matters.
   */
  public static MyBatisIdempotencyStore h2File(Path file) {
    return h2("jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=PostgreSQL", false);
  }

  /** An in-memory H2 database named {@code name}, kept until the store is closed. */
  public static MyBatisIdempotencyStore h2InMemory(String name) {
    return h2("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1", true);
  }

  /**
   * H2 runs in this JVM, so every dedup statement is CPU work here. The store's own statements use
   * a pool of as many connections as cores (more concurrent writers only contend in H2's
   * copy-on-write B-trees) that keeps its connections open, so H2 reuses the statements it parsed
   * (H2's own pool hands out connections that parse every statement again, which costs more than
   * the statement). Business transactions ({@link #openSession()}) come from a second pool, so
   * long transactional handlers never hold up the claims of the others.
   */
  private static MyBatisIdempotencyStore h2(String url, boolean inMemory) {
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    PooledDataSource statements = new PooledDataSource("org.h2.Driver", url, "sa", "");
    statements.setPoolMaximumActiveConnections(size);
    statements.setPoolMaximumIdleConnections(size);
    // A caller waits for a connection at most this long: every statement is bounded by the
    // statement timeout, so a connection out for longer is stuck and MyBatis takes it back.
    statements.setPoolMaximumCheckoutTime((int) H2_CHECKOUT_WAIT.toMillis());
    JdbcConnectionPool transactions = JdbcConnectionPool.create(url, "sa", "");
    // Business transactions run as long as their handlers; a new one waits at most this long.
    transactions.setLoginTimeout((int) H2_CHECKOUT_WAIT.toSeconds());
    Configuration business =
        new Configuration(new Environment("steadfast-h2", new JdbcTransactionFactory(), transactions));
    return builder(statements)
        .createTable(true)
        .businessSessions(new DefaultSqlSessionFactory(business))
        .closeOnShutdown(
            () -> {
              if (inMemory) {
                try (Connection c = statements.getConnection()) {
                  c.createStatement().execute("SHUTDOWN");
                }
              }
              statements.forceCloseAll();
              transactions.dispose();
            })
        .build();
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
    return autocommit("claim", session -> claimIn(session, group, keys, lease));
  }

  @Override
  public ClaimResult claim(SqlSession session, String group, String key, Duration lease) {
    checkClaim(group, List.of(key), lease);
    return joined(session, "claim", s -> claimIn(s, group, List.of(key), lease)).get(0);
  }

  @Override
  public boolean complete(Claim claim, Duration retention) {
    DedupKeys.checkPositive(retention, "retention");
    return autocommit("complete", s -> s.update(NS + "complete", owned(claim, retention)) == 1);
  }

  @Override
  public boolean complete(SqlSession session, Claim claim, Duration retention) {
    DedupKeys.checkPositive(retention, "retention");
    return joined(
        session, "complete", s -> s.update(NS + "complete", owned(claim, retention)) == 1);
  }

  /** One owner-checked multi-row statement; see {@link #updateAll}. */
  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    DedupKeys.checkPositive(retention, "retention");
    return updateAll("complete", claims, retention);
  }

  /** One owner-checked multi-row statement; see {@link #updateAll}. */
  @Override
  public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    DedupKeys.checkPositive(lease, "lease");
    return updateAll("renew", claims, lease);
  }

  /**
   * Runs the owner-checked {@code statement} ("complete" or "renew") for every claim: one
   * multi-row {@code UPDATE ... FROM unnest(...) RETURNING} on PostgreSQL; elsewhere one JDBC batch
   * of single-row updates with one update count per claim (MariaDB has no {@code UPDATE ...
   * RETURNING}; H2 runs in-process, and its multi-row form cannot use the primary key for a
   * row-value {@code IN} list).
   */
  private List<Boolean> updateAll(String statement, List<Claim> claims, Duration ttl) {
    if (claims.isEmpty()) {
      return List.of();
    }
    if (dialect == SqlDialect.POSTGRESQL) {
      List<Boolean> results = new ArrayList<>(claims.size());
      for (int from = 0; from < claims.size(); from += CHUNK) {
        List<Claim> chunk = claims.subList(from, Math.min(claims.size(), from + CHUNK));
        results.addAll(autocommit(statement, s -> updateChunk(s, statement + "All", chunk, ttl)));
      }
      return results;
    }
    try (SqlSession session = factory.openSession(ExecutorType.BATCH, false)) {
      for (Claim claim : claims) {
        session.update(NS + statement, owned(claim, ttl));
      }
      List<Boolean> results = new ArrayList<>(claims.size());
      for (BatchResult batch : session.flushStatements()) {
        for (int count : batch.getUpdateCounts()) {
          results.add(count == 1);
        }
      }
      session.commit(true);
      if (results.size() != claims.size()) {
        throw new IllegalStateException(
            "driver returned " + results.size() + " update counts for " + claims.size() + " rows");
      }
      return results;
    } catch (PersistenceException e) {
      throw unavailable(statement, e);
    }
  }

  @Override
  public boolean release(Claim claim) {
    return autocommit("release", s -> s.delete(NS + "release", owned(claim, Duration.ZERO)) == 1);
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    DedupKeys.checkPositive(lease, "lease");
    return autocommit("renew", s -> s.update(NS + "renew", owned(claim, lease)) == 1);
  }

  /**
   * Deletes every record whose retention (DONE) or lease (PROCESSING) has expired; such records
   * by the database's clock are free to claim anyway, so this only reclaims space. Run it
   * periodically.
   *
   * @return the number of rows deleted
   */
  public int purgeExpired() {
    int deleted = autocommit("purge", s -> s.delete(NS + "purge"));
    LOG.debug("purged {} expired dedup records from {}", deleted, table);
    return deleted;
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

  private void warnAboutClockSkew(Clock hostClock) {
    long before = hostClock.millis();
    long database = autocommit("read the clock", s -> s.<Long>selectOne(NS + "now"));
    long skew = (before + hostClock.millis()) / 2 - database;
    if (Math.abs(skew) > SKEW_WARNING.toMillis()) {
      LOG.warn(
          "this host's clock differs from the database's by {} ms; dedup leases use the"
              + " database's clock, so deduplication is unaffected, but check NTP on this host",
          skew);
    }
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

  private List<ClaimResult> claimIn(
      SqlSession session, String group, List<String> keys, Duration lease) {
    List<ClaimResult> results = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += CHUNK) {
      results.addAll(
          claimChunk(session, group, keys.subList(from, Math.min(keys.size(), from + CHUNK)), lease));
    }
    return results;
  }

  private List<ClaimResult> claimChunk(
      SqlSession session, String group, List<String> keys, Duration lease) {
    String owner = UUID.randomUUID().toString();
    // Sorted by hash: concurrent multi-row claims lock rows in the same order (no deadlocks).
    Map<String, String> hashes = new HashMap<>();
    Map<String, DedupRow> rows = new TreeMap<>();
    for (String key : keys) {
      String hash = hashes.computeIfAbsent(key, DedupKeys::sha256Hex);
      rows.putIfAbsent(hash, DedupRow.toInsert(hash, DedupKeys.debugCopy(key, ORIGINAL_KEY_CHARS)));
    }
    Map<String, Object> params = new HashMap<>();
    params.put("group", group);
    params.put("owner", owner);
    params.put("ttl", lease.toMillis());
    if (dialect == SqlDialect.MARIADB) {
      params.put("rows", new ArrayList<>(rows.values())); // no arrays: one VALUES row per key
    } else {
      params.put("hashArray", rows.keySet().toArray(String[]::new));
      params.put("originalArray", rows.values().stream().map(DedupRow::getOriginalKey).toArray(String[]::new));
    }
    Set<String> inserted = new HashSet<>(session.<String>selectList(NS + "insertAbsent", params));

    Map<String, DedupRow> existing = new HashMap<>();
    if (inserted.size() < rows.size()) {
      List<String> others = new ArrayList<>(rows.keySet());
      others.removeAll(inserted);
      params.put("hashes", others);
      session.update(NS + "takeOver", params);
      for (DedupRow row : session.<DedupRow>selectList(NS + "states", params)) {
        existing.put(row.getKeyHash(), row);
      }
    }

    Map<String, ClaimResult> firstResult = new LinkedHashMap<>();
    List<ClaimResult> results = new ArrayList<>(keys.size());
    for (String key : keys) {
      if (firstResult.containsKey(key)) {
        results.add(ClaimResult.inProgress()); // same key twice in one batch: first copy holds it
        continue;
      }
      String hash = hashes.get(key);
      DedupRow row = existing.get(hash);
      ClaimResult result;
      if (inserted.contains(hash) || (row != null && row.isProcessingBy(owner))) {
        result = ClaimResult.acquired(new Claim(group, key, owner));
      } else if (row != null && row.isDone()) {
        result = ClaimResult.duplicate();
      } else {
        result = ClaimResult.inProgress(); // live lease elsewhere, or released meanwhile: retry
      }
      firstResult.put(key, result);
      results.add(result);
    }
    return results;
  }

  private static List<Boolean> updateChunk(
      SqlSession session, String statement, List<Claim> claims, Duration ttl) {
    String[] groups = new String[claims.size()];
    String[] hashes = new String[claims.size()];
    String[] owners = new String[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      groups[i] = claims.get(i).group();
      hashes[i] = DedupKeys.sha256Hex(claims.get(i).key());
      owners[i] = claims.get(i).owner();
    }
    Map<String, Object> params = new HashMap<>();
    params.put("groupArray", groups);
    params.put("hashArray", hashes);
    params.put("ownerArray", owners);
    params.put("ttl", ttl.toMillis());
    Set<String> updated = new HashSet<>(session.<String>selectList(NS + statement, params));
    List<Boolean> results = new ArrayList<>(claims.size());
    for (int i = 0; i < claims.size(); i++) {
      // remove(): a claim listed twice counts once, like two single updates would.
      results.add(updated.remove(groups[i] + ":" + hashes[i]));
    }
    return results;
  }

  /** Parameters of an owner-checked statement; {@code ttl} from the database's now. */
  private static Map<String, Object> owned(Claim claim, Duration ttl) {
    Map<String, Object> params = new HashMap<>();
    params.put("group", claim.group());
    params.put("keyHash", DedupKeys.sha256Hex(claim.key()));
    params.put("owner", claim.owner());
    params.put("ttl", ttl.toMillis());
    return params;
  }

  private static void checkClaim(String group, List<String> keys, Duration lease) {
    DedupKeys.checkGroup(group);
    Objects.requireNonNull(keys, "keys");
    keys.forEach(DedupKeys::checkKey);
    DedupKeys.checkPositive(lease, "lease");
  }

  /** Runs {@code work} on an auto-committing session, retrying when the database aborted it. */
  private <T> T autocommit(String operation, Function<SqlSession, T> work) {
    for (int attempt = 1; ; attempt++) {
      try (SqlSession session = factory.openSession(true)) {
        return work.apply(session);
      } catch (PersistenceException e) {
        if (attempt < ATTEMPTS && isTransactionRollback(e)) {
          LOG.debug("{} on {} aborted by the database (attempt {}), retrying", operation, table, attempt);
          continue;
        }
        throw unavailable(operation, e);
      }
    }
  }

  /** Runs {@code work} on the connection (and so the transaction) of the caller's session. */
  private <T> T joined(SqlSession callerSession, String operation, Function<SqlSession, T> work) {
    Objects.requireNonNull(callerSession, "session");
    try (SqlSession session =
        new DefaultSqlSession(
            configuration,
            configuration.newExecutor(
                new ManagedTransaction(callerSession.getConnection(), false), ExecutorType.SIMPLE),
            false)) {
      return work.apply(session);
    } catch (PersistenceException e) {
      throw unavailable(operation, e);
    }
  }

  /** SQLState class 40 (transaction rollback: deadlock, serialization failure) is standard SQL. */
  private static boolean isTransactionRollback(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
        return true;
      }
    }
    return false;
  }

  private StoreUnavailableException unavailable(String operation, Exception cause) {
    return new StoreUnavailableException(
        "dedup store (" + dialect + " table " + table + ") failed to " + operation, cause);
  }

  private static Configuration newConfiguration(
      DataSource dataSource, SqlDialect dialect, String table, Duration statementTimeout) {
    Configuration configuration =
        new Configuration(new Environment("steadfast-dedup", new JdbcTransactionFactory(), dataSource));
    // A stalled database fails the call (the consumer fails closed) instead of hanging a thread.
    configuration.setDefaultStatementTimeout((int) Math.max(1, statementTimeout.toSeconds()));
    configuration.setDatabaseId(dialect.databaseId());
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.setCacheEnabled(false);
    // Claims are INSERT ... RETURNING mapped as selects: never serve them from the session cache.
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    Properties variables = new Properties();
    variables.setProperty("table", table);
    configuration.setVariables(variables);
    try (InputStream in = MyBatisIdempotencyStore.class.getClassLoader().getResourceAsStream(MAPPER)) {
      new XMLMapperBuilder(in, configuration, MAPPER, configuration.getSqlFragments()).parse();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MAPPER, e);
    }
    return configuration;
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

    /** Table name (letters, digits, underscore; at most 55 characters); default {@value MyBatisIdempotencyStore#DEFAULT_TABLE}. */
    public Builder table(String table) {
      if (table == null || !TABLE_NAME.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "table name must match [A-Za-z_][A-Za-z0-9_]{0,54}, got: " + table);
      }
      this.table = table;
      return this;
    }

    /** Runs the dialect's shipped DDL ({@code CREATE ... IF NOT EXISTS}) on build; default false. */
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
     * hanging.
     */
    public Builder statementTimeout(Duration timeout) {
      DedupKeys.checkPositive(timeout, "statementTimeout");
      this.statementTimeout = timeout;
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
          SchemaScript.run(connection, detected, table);
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
