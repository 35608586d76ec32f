package io.steadfast.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.testkit.DatabaseSettings;

/** Pooled data sources over the testkit's database settings. */
final class TestDataSources {
  private TestDataSources() {}

  static HikariDataSource pooled(DatabaseSettings settings) {
    settings.requireReachable();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(10);
    return new HikariDataSource(config);
  }
}
