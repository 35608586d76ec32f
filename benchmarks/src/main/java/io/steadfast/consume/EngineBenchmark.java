package io.steadfast.consume;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.MessageProperties;
import io.steadfast.benchmarks.Throughput;
import io.steadfast.config.ClientSettings;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The consumer engine with the broker taken out: messages are fed from memory into the batch path
 * (one claimAll and one completeAll per 32 messages) and compared, in the same run and on the same
 * servers, with the hand-written per-message guard: one Redis {@code SET NX PX} per message, or
 * one autocommit PostgreSQL {@code INSERT} per message. One thread each. Lives in the engine's
 * package to reach its package-private core. Argument: messages per line (default 20000).
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    try (RedisServer redis = RedisServer.start()) {
      for (int round = 1; round <= 2; round++) {
        System.out.printf("round %d, %d messages per line%n", round, n);
        redis(redis, n);
        postgres(n);
      }
    }
  }

  private static void redis(RedisServer redis, int n) throws Exception {
    String prefix = "engine-bench-" + UUID.randomUUID();
    SetParams nx = SetParams.setParams().nx().px(60_000);
    double perMessage;
    try (UnifiedJedis jedis = new UnifiedJedis(URI.create(redis.uri()))) {
      perMessage = Throughput.of(n, () -> {
        for (int i = 0; i < n; i++) {
          jedis.set(prefix + ":plain:" + i, "1", nx);
        }
      });
    }
    try (JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build()) {
      double batch = Throughput.of(n, () -> feed(store, n));
      report("Redis, per-message SET NX PX (hand-written)", perMessage, perMessage);
      report("Redis, Steadfast batch path (32 per batch)", batch, perMessage);
    }
  }

  private static void postgres(int n) throws Exception {
    DatabaseSettings db = TestDatabases.postgres().requireReachable();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(4);
    String table = TestDatabases.uniqueName("engine_bench");
    String plainTable = TestDatabases.uniqueName("engine_plain");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + plainTable + " (k VARCHAR(64) PRIMARY KEY)");
      }
      double perMessage = Throughput.of(n, () -> {
        try (Connection c = pool.getConnection();
            PreparedStatement insert = c.prepareStatement("INSERT INTO " + plainTable + " VALUES (?)")) {
          for (int i = 0; i < n; i++) {
            insert.setString(1, "k" + i);
            insert.executeUpdate();
          }
        }
      });
      try (IdempotencyStore store =
          MyBatisIdempotencyStore.builder(pool).table(table).createTable(true).build()) {
        double batch = Throughput.of(n, () -> feed(store, n));
        report("PostgreSQL, per-message INSERT (hand-written)", perMessage, perMessage);
        report("PostgreSQL, Steadfast batch path (32 per batch)", batch, perMessage);
      }
    } finally {
      db.dropTable(table);
      db.dropTable(plainTable);
    }
  }

  /** Runs {@code n} messages through the engine's batch path, 32 at a time. */
  private static void feed(IdempotencyStore store, int n) {
    HandlerBinding<byte[]> binding =
        new HandlerBinding<>("bench", "*", byte[].class, null, false, (body, ctx, tx) -> {});
    ConsumerDefinition definition = ConsumerDefinition.of("engine-bench", binding);
    MessageProcessor processor =
        new MessageProcessor(
            definition, ConsumerConfig.builder(ClientSettings.builder("unused:1").build(), store).build());
    byte[] body = new byte[1024];
    List<MessageProcessor.Delivery> batch = new ArrayList<>(32);
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      batch.add(
          new MessageProcessor.Delivery(
              new IncomingMessage(
                  "msg-" + i, "bench", null, List.of("order-" + i), Map.of(MessageProperties.STEADFAST_ID, id), body, 1),
              d -> {}));
      if (batch.size() == 32 || i == n - 1) {
        if (processor.processBatch(batch).contains(Disposition.REDELIVER)) {
          throw new IllegalStateException("a message was not processed");
        }
        batch.clear();
      }
    }
    processor.releaseUnfinished();
  }

  private static void report(String what, double rate, double baseline) {
    System.out.printf("| %-48s | %9.0f msg/s | %5.1f× |%n", what, rate, rate / baseline);
  }
}
