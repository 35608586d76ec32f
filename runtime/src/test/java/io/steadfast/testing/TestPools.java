package io.steadfast.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testkit.DatabaseSettings;

/** Connection pools on the test database servers. */
public final class TestPools {
  private TestPools() {}

  /** A pool of at most {@code size} connections; fails (never skips) if the server is down. */
  public static HikariDataSource open(DatabaseSettings database, int size) {
    database.requireReachable();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }
}
