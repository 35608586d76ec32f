package io.steadfast.benchmarks.store;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * What one DONE record costs each store: {@code n} fresh keys are claimed and completed in batches
 * of 32 (as the engine does) with a 7-day retention, then the storage is read from the server
 * itself: PostgreSQL's {@code pg_total_relation_size} (table, primary key and TOAST) before and
 * after {@code VACUUM}, MariaDB's InnoDB data + index length after {@code ANALYZE}, the H2 file's
 * size after close, Redis's {@code used_memory}. Prints bytes per record and what a retention of 7
 * days at 10 million messages a day (70 million records) would take. Keys look like business keys:
 * {@code order-<uuid>} (42 characters). Argument: records per store (default 200000).
 */
public final class StoreFootprint {
  private static final int BATCH = 32;
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final long RETAINED = 70_000_000L;
  private static final String GROUP = "billing";

  private StoreFootprint() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    System.out.printf("%,d DONE records per store, keys order-<uuid>, retention 7 days%n", n);
    System.out.println("| store | bytes per DONE record | 70 million records |");
    System.out.println("|---|---|---|");
    postgres(n);
    mariadb(n);
    h2(n);
    redis(n);
  }

  private static void postgres(int n) throws Exception {
    DatabaseSettings settings = TestDatabases.postgres().requireReachable();
    String table = TestDatabases.uniqueName("footprint");
    try (HikariDataSource pool = StoreUnderTest.pool(settings, 2);
        MyBatisIdempotencyStore store =
            MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build()) {
      fill(store, n);
      String size = "SELECT pg_total_relation_size('" + table + "')";
      long afterRun = queryLong(pool, size);
      StoreUnderTest.execute(pool, "VACUUM " + table);
      long afterVacuum = queryLong(pool, size);
      report("PostgreSQL, after the run", afterRun, n);
      report("PostgreSQL, after VACUUM", afterVacuum, n);
    } finally {
      settings.dropTable(table);
    }
  }

  private static void mariadb(int n) throws Exception {
    DatabaseSettings settings = TestDatabases.mariadb().requireReachable();
    String table = TestDatabases.uniqueName("footprint");
    try (HikariDataSource pool = StoreUnderTest.pool(settings, 2);
        MyBatisIdempotencyStore store =
            MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build()) {
      fill(store, n);
      StoreUnderTest.execute(pool, "ANALYZE TABLE " + table);
      long bytes =
          queryLong(
              pool,
              "SELECT data_length + index_length FROM information_schema.tables"
                  + " WHERE table_schema = DATABASE() AND table_name = '"
                  + table
                  + "'");
      report("MariaDB (InnoDB)", bytes, n);
    } finally {
      settings.dropTable(table);
    }
  }

  private static void h2(int n) throws Exception {
    Path dir = Files.createTempDirectory("steadfast-footprint");
    Path empty = dir.resolve("empty");
    Path filled = dir.resolve("filled");
    MyBatisIdempotencyStore.h2File(empty).close();
    try (MyBatisIdempotencyStore store = MyBatisIdempotencyStore.h2File(filled)) {
      fill(store, n);
    }
    report("H2 (file, after close)", mvSize(filled) - mvSize(empty), n);
    // Closing compacts for at most 200 ms; SHUTDOWN COMPACT rewrites the file completely.
    for (Path file : List.of(empty, filled)) {
      try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN COMPACT");
      }
    }
    report("H2 (file, after SHUTDOWN COMPACT)", mvSize(filled) - mvSize(empty), n);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private static void redis(int n) throws Exception {
    try (RedisServer redis = RedisServer.startLocal();
        Jedis jedis = new Jedis(URI.create(redis.uri()))) {
      long before = usedMemory(jedis);
      try (JedisIdempotencyStore store =
          JedisIdempotencyStore.builder().standalone(redis.uri()).build()) {
        fill(store, n);
      }
      report("Redis (used_memory)", usedMemory(jedis) - before, n);
    }
  }

  /** Claims and completes {@code n} fresh keys, 32 at a time. */
  private static void fill(IdempotencyStore store, int n) {
    for (int from = 0; from < n; from += BATCH) {
      StoreUnderTest.claimAndCompleteFresh(store, GROUP, Math.min(BATCH, n - from), RETENTION);
    }
  }

  private static void report(String label, long bytes, int n) {
    double perRecord = (double) bytes / n;
    System.out.printf(
        "| %s | %.0f | %.1f GB |%n", label, perRecord, perRecord * RETAINED / 1_000_000_000d);
  }

  private static long mvSize(Path base) throws Exception {
    return Files.size(base.resolveSibling(base.getFileName() + ".mv.db"));
  }

  private static long usedMemory(Jedis jedis) {
    String info = jedis.info("memory");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  private static long queryLong(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
