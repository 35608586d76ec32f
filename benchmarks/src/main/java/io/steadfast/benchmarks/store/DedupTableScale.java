package io.steadfast.benchmarks.store;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.benchmarks.Throughput;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How the PostgreSQL store behaves as its table grows: for each size, a table is prefilled with
 * that many DONE rows (half of them expired, in two quarters A and B), then measured:
 *
 * <ol>
 *   <li>claim + complete of one fresh key, and of 32 at a time: latency p50 / p99;
 *   <li>deleting the expired quarter A in one statement (how the store purged before) and then the
 *       expired quarter B with {@link MyBatisIdempotencyStore#purgeExpired()} (chunks of 10,000):
 *       how long each takes and the claim + complete latency p50 / p99 of a second thread
 *       meanwhile.
 * </ol>
 *
 * Arguments: table sizes (default 1000000 10000000 50000000).
 */
public final class DedupTableScale {
  private static final String GROUP = "scale";
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final int SAMPLES = 2_000;

  private DedupTableScale() {}

  public static void main(String[] args) throws Exception {
    List<Long> sizes =
        args.length == 0
            ? List.of(1_000_000L, 10_000_000L, 50_000_000L)
            : Arrays.stream(args).map(Long::parseLong).toList();
    DatabaseSettings settings = TestDatabases.postgres().requireReachable();
    System.out.println(
        "| rows | claim+complete p50 / p99 (ms) | batch of 32 p50 / p99 (ms) |"
            + " one DELETE of a quarter: s, claims meanwhile p50 / p99 (ms) |"
            + " purgeExpired of a quarter: s, claims meanwhile p50 / p99 (ms) |");
    System.out.println("|---|---|---|---|---|");
    for (long size : sizes) {
      measure(settings, size);
    }
  }

  private static void measure(DatabaseSettings settings, long size) throws Exception {
    String table = TestDatabases.uniqueName("scale");
    try (HikariDataSource pool = StoreUnderTest.pool(settings, 4);
        MyBatisIdempotencyStore store =
            MyBatisIdempotencyStore.builder(pool)
                .table(table)
                .createTable(true)
                .statementTimeout(Duration.ofMinutes(30)) // the one-statement DELETE needs it
                .build()) {
      prefill(pool, table, size);
      Latencies single = new Latencies();
      Latencies batch = new Latencies();
      for (int i = 0; i < SAMPLES; i++) {
        single.time(() -> StoreUnderTest.claimAndCompleteFresh(store, GROUP, 1, RETENTION));
      }
      for (int i = 0; i < SAMPLES / 10; i++) {
        batch.time(() -> StoreUnderTest.claimAndCompleteFresh(store, GROUP, 32, RETENTION));
      }
      String oneDelete =
          duringClaims(
              store,
              () -> StoreUnderTest.execute(pool, "DELETE FROM " + table + " WHERE expires_at = 1"));
      String chunked = duringClaims(store, store::purgeExpired);
      System.out.printf("| %,d | %s | %s | %s | %s |%n", size, single, batch, oneDelete, chunked);
    } finally {
      settings.dropTable(table);
    }
  }

  /** Runs {@code purge} while another thread claims and completes; its time and their latency. */
  private static String duringClaims(MyBatisIdempotencyStore store, Throughput.Run purge)
      throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    Latencies meanwhile = new Latencies();
    Thread claims =
        new Thread(
            () -> {
              while (!done.get()) {
                meanwhile.time(
                    () -> StoreUnderTest.claimAndCompleteFresh(store, GROUP, 1, RETENTION));
              }
            });
    claims.start();
    long start = System.nanoTime();
    try {
      purge.run();
    } finally {
      done.set(true);
      claims.join();
    }
    return String.format("%.1f s, %s", (System.nanoTime() - start) / 1e9, meanwhile);
  }

  /**
   * {@code size} DONE rows of {@code GROUP}: a quarter expired at 1 (A), a quarter at 2 (B), half
   * live for years; then vacuumed and analyzed. The table's indexes are dropped for the load and
   * built again after it, as a bulk load does: inserting random hashes into the primary key one by
   * one made the 10-million prefill take most of 13 minutes.
   */
  private static void prefill(HikariDataSource pool, String table, long size) throws Exception {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      List<String[]> indexes = new ArrayList<>(); // name, definition
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '" + table + "'")) {
        while (rs.next()) {
          indexes.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      String primaryKey = table + "_pkey";
      for (String[] index : indexes) {
        statement.execute(
            index[0].equals(primaryKey)
                ? "ALTER TABLE " + table + " DROP CONSTRAINT " + primaryKey
                : "DROP INDEX " + index[0]);
      }
      statement.execute(
          "INSERT INTO "
              + table
              + " (group_name, key_hash, original_key, state, owner_token, expires_at)"
              + " SELECT '"
              + GROUP
              + "', encode(sha256(convert_to('prefill-' || i, 'UTF8')), 'hex'), 'prefill-' || i,"
              + " 'DONE', 'prefill', CASE i % 4 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 9000000000000 END"
              + " FROM generate_series(1, "
              + size
              + ") i");
      statement.execute("SET maintenance_work_mem = '512MB'");
      for (String[] index : indexes) {
        statement.execute(index[1]);
        if (index[0].equals(primaryKey)) {
          statement.execute(
              "ALTER TABLE "
                  + table
                  + " ADD CONSTRAINT "
                  + primaryKey
                  + " PRIMARY KEY USING INDEX "
                  + primaryKey);
        }
      }
      statement.execute("VACUUM ANALYZE " + table);
    }
  }

  /** Latencies of one kind of call, in milliseconds. */
  private static final class Latencies {
    private final List<Double> millis = new ArrayList<>();

    void time(Runnable call) {
      long start = System.nanoTime();
      call.run();
      synchronized (this) {
        millis.add((System.nanoTime() - start) / 1e6);
      }
    }

    @Override
    public synchronized String toString() {
      if (millis.isEmpty()) {
        return "-";
      }
      List<Double> sorted = millis.stream().sorted().toList();
      return String.format(
          "%.2f / %.2f (n=%d)",
          sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
          sorted.size());
    }
  }
}
