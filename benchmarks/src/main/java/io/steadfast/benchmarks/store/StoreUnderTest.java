package io.steadfast.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A store opened for a benchmark, with the plain baseline on the same server (one {@code SET NX PX}
 * for Redis, one autocommit {@code INSERT} into a one-column table for SQL, per message or batched)
 * and what to clean up. PostgreSQL tables are prefilled with 200,000 rows and analyzed.
 */
public final class StoreUnderTest implements AutoCloseable {
  /** Consumer group of the measured claims, and of the rows prefilled into SQL tables. */
  public static final String GROUP = "bench";

  /** Rows written into each PostgreSQL table before a measurement. */
  private static final int PREFILLED_ROWS = 200_000;

  private static final SetParams BASELINE_SET = SetParams.setParams().nx().px(2_000);

  /**
   * The plain pattern: mark a key as seen, one at a time or as one batch; and the plain form of a
   * batch's claim and completion, each one call.
   */
  public interface Baseline {
    /** Returns whether the key was new. */
    boolean claim(String key) throws Exception;

    /** Returns how many keys were new. */
    int claimAll(List<String> keys) throws Exception;

    /**
     * Marks the keys as seen (the new ones reported), then marks them done: two calls (Redis: one
     * pipeline of {@code SET NX} and {@code SET}; SQL: one multi-row insert that reports the new
     * rows, and one multi-row update, each committed). Returns how many keys were new.
     */
    int claimAndCompleteAll(List<String> keys) throws Exception;
  }

  /** The store being measured. */
  public final IdempotencyStore store;

  /** The plain pattern on the same server. */
  public final Baseline baseline;

  private final AutoCloseable cleanup;

  private StoreUnderTest(IdempotencyStore store, Baseline baseline, AutoCloseable cleanup) {
    this.store = store;
    this.baseline = baseline;
    this.cleanup = cleanup;
  }

  /**
   * Opens {@code kind}: {@code h2} (in-memory), {@code postgresql}, {@code mariadb} or {@code
   * redis}.
   */
  public static StoreUnderTest open(String kind) throws Exception {
    return switch (kind) {
      case "h2" -> h2();
      case "postgresql" -> postgres();
      case "mariadb" -> mariadb();
      case "redis" -> redis();
      default -> throw new IllegalArgumentException("unknown store " + kind);
    };
  }

  /** The default H2 store; the baseline runs on a pool of the same kind as the store's own. */
  private static StoreUnderTest h2() throws SQLException {
    String name = TestDatabases.uniqueName("bench");
    IdempotencyStore store = MyBatisIdempotencyStore.h2InMemory(name);
    PooledDataSource pool =
        new PooledDataSource("org.h2.Driver", "jdbc:h2:mem:" + name + ";MODE=PostgreSQL", "sa", "");
    String baselineTable = TestDatabases.uniqueName("baseline");
    execute(pool, "CREATE TABLE " + baselineTable + " " + PlainBaselines.TABLE_COLUMNS);
    return new StoreUnderTest(
        store, PlainBaselines.sqlWithArrays(pool, baselineTable, true), pool::forceCloseAll);
  }

  /** PostgreSQL's tables are prefilled and analyzed (see {@link #prefill}). */
  private static StoreUnderTest postgres() throws SQLException {
    return sqlServer(
        TestDatabases.postgres(),
        (pool, table, baselineTable) -> {
          prefill(pool, table, baselineTable);
          return PlainBaselines.sqlWithArrays(pool, baselineTable, false);
        });
  }

  /** MariaDB's tables start empty: InnoDB caches no plans that an empty table would skew. */
  private static StoreUnderTest mariadb() throws SQLException {
    return sqlServer(
        TestDatabases.mariadb(),
        (pool, table, baselineTable) -> PlainBaselines.mariadb(pool, baselineTable));
  }

  /** Prepares the tables of a SQL server and returns its baseline. */
  @FunctionalInterface
  private interface SqlSetup {
    Baseline prepare(DataSource pool, String table, String baselineTable) throws SQLException;
  }

  /** A store and its baseline table on a SQL server; both tables are dropped on close. */
  private static StoreUnderTest sqlServer(DatabaseSettings database, SqlSetup setup)
      throws SQLException {
    DatabaseSettings settings = database.requireReachable();
    HikariDataSource pool = pool(settings, 10);
    String table = TestDatabases.uniqueName("bench");
    String baselineTable = TestDatabases.uniqueName("baseline");
    execute(pool, "CREATE TABLE " + baselineTable + " " + PlainBaselines.TABLE_COLUMNS);
    IdempotencyStore store =
        MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build();
    return new StoreUnderTest(
        store,
        setup.prepare(pool, table, baselineTable),
        () -> {
          pool.close();
          settings.dropTable(table);
          settings.dropTable(baselineTable);
        });
  }

  private static StoreUnderTest redis() {
    RedisServer redis = RedisServer.start();
    String prefix = TestDatabases.uniqueName("bench") + ":";
    IdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build();
    UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()));
    return new StoreUnderTest(
        store,
        PlainBaselines.redis(jedis, prefix + "baseline:"),
        () -> {
          jedis.close();
          redis.close(); // an external server keeps the keys until their 2 s TTL
        });
  }

  /**
   * Gives both tables the shape of a production table: a retention window of rows and fresh
   * statistics. An empty, never-analyzed table makes PostgreSQL cache sequential-scan plans for
   * prepared statements (docs/stores.md), which measures the planner, not the pattern.
   */
  private static void prefill(DataSource dataSource, String dedupTable, String plainTable)
      throws SQLException {
    execute(
        dataSource,
        "INSERT INTO "
            + dedupTable
            + " (group_name, key_hash, original_key, state,"
            + " owner_token, expires_at) SELECT '"
            + GROUP
            + "', encode(sha256(convert_to('prefill-' || i,"
            + " 'UTF8')), 'hex'), 'prefill-' || i, 'DONE', 'prefill', 9000000000000"
            + " FROM generate_series(1, "
            + PREFILLED_ROWS
            + ") i");
    execute(
        dataSource,
        "INSERT INTO "
            + plainTable
            + " (k) SELECT 'prefill-' || i FROM generate_series(1, "
            + PREFILLED_ROWS
            + ") i");
    execute(dataSource, "ANALYZE " + dedupTable + ", " + plainTable);
  }

  /** A HikariCP pool of at most {@code size} connections to {@code settings}' database. */
  public static HikariDataSource pool(DatabaseSettings settings, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /**
   * Claims {@code count} fresh keys {@code order-<uuid>} of {@code group} in one call and completes
   * them in one call with {@code retention}, as the engine does with a batch.
   *
   * @throws IllegalStateException if the store refused a completion
   */
  static void claimAndCompleteFresh(
      IdempotencyStore store, String group, int count, Duration retention) {
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add("order-" + UUID.randomUUID());
    }
    List<Claim> claims = new ArrayList<>(count);
    for (ClaimResult r : store.claimAll(group, keys, Duration.ofMinutes(1))) {
      claims.add(r.claim());
    }
    if (store.completeAll(claims, retention).contains(false)) {
      throw new IllegalStateException("a completion was refused");
    }
  }

  /** Runs one statement on its own connection. */
  static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws Exception {
    store.close();
    cleanup.close();
  }
}
