package io.steadfast.benchmarks.scale;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.benchmarks.store.StoreUnderTest;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.TestDatabases;

/** The stores {@link ConsumerScaling} measures, opened the same way in every consumer JVM. */
final class ScalingStores {
  private ScalingStores() {}

  /**
   * {@code redis}: location is the server's URI, {@code name} the key prefix; {@code postgresql}:
   * the test database, {@code name} the table (created if missing).
   */
  static IdempotencyStore open(String kind, String location, String name) {
    return switch (kind) {
      case "redis" ->
          JedisIdempotencyStore.builder().standalone(location).keyPrefix(name + ":").build();
      case "postgresql" -> {
        HikariDataSource pool = StoreUnderTest.pool(TestDatabases.postgres().requireReachable(), 4);
        yield MyBatisIdempotencyStore.builder(pool)
            .table(name)
            .createTable(true)
            .closeOnShutdown(pool)
            .build();
      }
      default -> throw new IllegalArgumentException("unknown store " + kind);
    };
  }
}
