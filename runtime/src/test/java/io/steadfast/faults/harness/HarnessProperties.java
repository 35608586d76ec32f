package io.steadfast.faults.harness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** What the harness's child JVMs read from their {@code -Dharness.*} properties. */
final class HarnessProperties {
  private HarnessProperties() {}

  /** Property {@code harness.<name>}; fails naming it if missing. */
  static String property(String name) {
    String value = System.getProperty("harness." + name);
    if (value == null) {
      throw new IllegalArgumentException("missing -Dharness." + name);
    }
    return value;
  }

  /** A pool of {@code size} connections to {@code url} as {@code harness.dbUser}. */
  static HikariDataSource dataSource(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(property("dbUser"));
    config.setPassword(property("dbPassword"));
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
