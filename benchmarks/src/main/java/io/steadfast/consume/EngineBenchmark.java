package io.steadfast.consume;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.MessageProperties;
import io.steadfast.benchmarks.PrefilledTables;
import io.steadfast.benchmarks.Throughput;
import io.steadfast.config.ClientSettings;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The consumer engine with the broker taken out: messages are fed from memory into the batch path
 * (decode, key, one claimAll, no-op handler, one completeAll per 32 messages, as a SimpleConsumer
 * receive delivers them) and compared, in the same run and on the same servers, with the
 * hand-written per-message guard: one Redis {@code SET NX PX} per message (the {@code SET
 * NX}-then-{@code DEL} pattern on its success path: {@code DEL} only runs when a handler fails), or
 * one autocommit PostgreSQL {@code INSERT} per message. A third line per store shows the server's
 * own ceiling for 32 keys at a time (a pipeline of 32 {@code SET NX}, one 32-row {@code INSERT})
 * with no completion at all. One thread each; the PostgreSQL tables are prefilled and analyzed
 * ({@link PrefilledTables}). Lives in the engine's package to reach its package-private core.
 * Arguments: messages per line (default 20000), rounds (default 4; round 1 is warm-up and left
 * out of the medians).
 */
public final class EngineBenchmark {
  private static final int BATCH = 32;

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    try (RedisServer redis = RedisServer.start()) {
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("round %d, %d messages per line%n", round, n);
        Map<String, Double> measured = new LinkedHashMap<>();
        // The engine's own cost: the same path over a store that does no I/O.
        measured.put("in-memory engine", Throughput.of(n, () -> feed(new InMemoryIdempotencyStore(), n)));
        redis(redis, n, measured);
        postgres(n, measured);
        report(measured, Map.of());
        if (round > 1) {
          measured.forEach((line, rate) -> samples.computeIfAbsent(line, l -> new ArrayList<>()).add(rate));
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    samples.forEach((line, rates) -> medians.put(line, Throughput.median(rates)));
    System.out.printf("median of rounds 2-%d (then each round's msg/s)%n", rounds);
    report(medians, samples);
  }

  private static void redis(RedisServer redis, int n, Map<String, Double> measured) throws Exception {
    String prefix = "engine-bench-" + UUID.randomUUID();
    SetParams nx = SetParams.setParams().nx().px(60_000);
    try (UnifiedJedis jedis = new UnifiedJedis(URI.create(redis.uri()))) {
      measured.put("Redis per-message", Throughput.of(n, () -> {
        for (int i = 0; i < n; i++) {
          jedis.set(prefix + ":plain:" + i, "1", nx);
        }
      }));
      measured.put("Redis ceiling", Throughput.of(n, () -> {
        for (int from = 0; from < n; from += BATCH) {
          try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
              pipeline.set(prefix + ":ceiling:" + i, "1", nx);
            }
            pipeline.sync();
          }
        }
      }));
    }
    try (JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build()) {
      measured.put("Redis engine", Throughput.of(n, () -> feed(store, n)));
    }
  }

  private static void postgres(int n, Map<String, Double> measured) throws Exception {
    DatabaseSettings db = TestDatabases.postgres().requireReachable();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(4);
    String table = TestDatabases.uniqueName("engine_bench");
    String plainTable = TestDatabases.uniqueName("engine_plain");
    String run = UUID.randomUUID().toString();
    try (HikariDataSource pool = new HikariDataSource(config);
        IdempotencyStore store =
            MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build()) {
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + plainTable + " (k VARCHAR(64) PRIMARY KEY)");
      }
      PrefilledTables.prefill(pool, table, "bench", plainTable);
      measured.put("PostgreSQL per-message", Throughput.of(n, () -> {
        try (Connection c = pool.getConnection();
            PreparedStatement insert = c.prepareStatement("INSERT INTO " + plainTable + " VALUES (?)")) {
          for (int i = 0; i < n; i++) {
            insert.setString(1, run + ":plain:" + i);
            insert.executeUpdate();
          }
        }
      }));
      measured.put("PostgreSQL ceiling", Throughput.of(n, () -> {
        try (Connection c = pool.getConnection();
            PreparedStatement insert = c.prepareStatement(
                "INSERT INTO " + plainTable + " SELECT * FROM unnest(?) ON CONFLICT DO NOTHING")) {
          for (int from = 0; from < n; from += BATCH) {
            List<String> keys = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
              keys.add(run + ":ceiling:" + i);
            }
            insert.setArray(1, c.createArrayOf("VARCHAR", keys.toArray()));
            insert.executeUpdate();
          }
        }
      }));
      measured.put("PostgreSQL engine", Throughput.of(n, () -> feed(store, n)));
    } finally {
      db.dropTable(table);
      db.dropTable(plainTable);
    }
  }

  /** Runs {@code n} fresh messages through the engine's batch path, 32 at a time. */
  private static void feed(IdempotencyStore store, int n) {
    HandlerBinding<byte[]> binding =
        new HandlerBinding<>("bench", "*", byte[].class, null, false, (body, ctx, tx) -> {});
    ConsumerDefinition definition = ConsumerDefinition.of("bench", binding);
    MessageProcessor processor =
        new MessageProcessor(
            definition, ConsumerConfig.builder(ClientSettings.builder("unused:1").build(), store).build());
    byte[] body = new byte[1024];
    List<MessageProcessor.Delivery> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      batch.add(
          new MessageProcessor.Delivery(
              new IncomingMessage(
                  "msg-" + i, "bench", null, List.of("order-" + id), Map.of(MessageProperties.STEADFAST_ID, id), body, 1),
              d -> {}));
      if (batch.size() == BATCH || i == n - 1) {
        if (processor.processBatch(batch).contains(Disposition.REDELIVER)) {
          throw new IllegalStateException("a message was not processed");
        }
        batch.clear();
      }
    }
    processor.releaseUnfinished();
  }

  private static void report(Map<String, Double> rates, Map<String, List<Double>> samples) {
    rates.forEach((line, rate) -> {
      Double perMessage = rates.get(line.substring(0, line.indexOf(' ')) + " per-message");
      String each = samples.containsKey(line)
          ? samples.get(line).stream().map(v -> String.format("%.0f", v)).toList().toString()
          : "";
      String ratio = perMessage == null ? "     " : String.format("%4.1f×", rate / perMessage);
      System.out.printf("| %-24s | %9.0f msg/s | %s | %s%n", line, rate, ratio, each);
    });
  }
}
