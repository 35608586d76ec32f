package io.steadfast.spring.it;

import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties shared by the test applications, and starting one outside the test framework. */
public final class TestApps {
  private TestApps() {}

  /** Test settings: short timeouts, the cluster's group attempts, PostgreSQL as DataSource. */
  public static Map<String, Object> postgresApp(String endpoint, String prefix) {
    DatabaseSettings pg = TestDatabases.postgres().requireReachable();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("steadfast.connection.endpoint", endpoint);
    p.put("steadfast.consumer.max-attempts", 20);
    p.put("steadfast.consumer.shutdown-timeout", "10s");
    p.put("steadfast.store.jdbc.table", prefix + "_dedup");
    p.put("spring.datasource.url", pg.jdbcUrl());
    p.put("spring.datasource.username", pg.user());
    p.put("spring.datasource.password", pg.password());
    p.put("spring.datasource.hikari.maximum-pool-size", 8);
    p.put("management.endpoint.health.show-details", "always");
    return p;
  }

  /** Registers {@code properties} for a {@code @SpringBootTest}. */
  public static void register(DynamicPropertyRegistry registry, Map<String, Object> properties) {
    properties.forEach((k, v) -> registry.add(k, () -> v));
  }

  /** Starts {@code app} as a second, independently closed instance. */
  public static ConfigurableApplicationContext start(Class<?> app, Map<String, Object> properties) {
    return new SpringApplicationBuilder(app)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }
}
