package io.steadfast.faults.harness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.config.ClientSettings;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the harness's child JVMs read from their {@code -Dharness.*} properties. */
final class HarnessProperties {
  private static final Logger log = LoggerFactory.getLogger(HarnessProperties.class);

  private HarnessProperties() {}

  /** Property {@code harness.<name>}; fails naming it if missing. */
  static String property(String name) {
    String value = System.getProperty("harness." + name);
    if (value == null) {
      throw new IllegalArgumentException("missing -Dharness." + name);
    }
    return value;
  }

  /** Tells a child JVM to connect to {@code mq} over {@code transport}: see {@link #client}. */
  static void putClient(Map<String, String> properties, Transport transport, EmbeddedRocketMQ mq) {
    properties.put("transport", transport.name());
    properties.put("address", transport.address(mq));
  }

  /**
   * The cluster at {@code harness.address} over {@code harness.transport}, each request bounded by
   * {@code requestTimeout}.
   */
  static ClientSettings client(Duration requestTimeout) {
    return Transport.valueOf(property("transport"))
        .settings(property("address"))
        .requestTimeout(requestTimeout)
        .build();
  }

  /**
   * Makes SIGTERM close {@code parts} in order (a graceful close, wherever the work is); the latch
   * opens once they are closed. SIGKILL skips all of it: a crash.
   */
  static CountDownLatch closeOnTerminate(AutoCloseable... parts) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable part : parts) {
                    try {
                      part.close();
                    } catch (Exception e) {
                      log.warn("closing {} failed", part, e);
                    }
                  }
                  stopped.countDown();
                }));
    return stopped;
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
