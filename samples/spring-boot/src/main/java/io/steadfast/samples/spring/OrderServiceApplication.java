package io.steadfast.samples.spring;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The order service: places {@code sample.orders} orders, each sent twice, and bills each exactly
 * once; exits 0 when every order is charged once. Without {@code steadfast.connection.endpoint} it
 * starts a RocketMQ of its own ({@link LocalRocketMQ}).
 */
@SpringBootApplication
@EnableScheduling
public class OrderServiceApplication {
  private static final Logger log = LoggerFactory.getLogger(OrderServiceApplication.class);

  public static void main(String[] args) {
    System.exit(run(args) ? 0 : 1);
  }

  /** Runs until every order is billed (or 2 minutes pass); true if each was charged once. */
  public static boolean run(String... args) {
    try (LocalRocketMQ mq = LocalRocketMQ.startUnlessConfigured(args);
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(OrderServiceApplication.class)
                .properties(mq.properties())
                .run(args)) {
      int orders = app.getEnvironment().getProperty("sample.orders", Integer.class, 20);
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (charged(jdbc).size() < orders && System.nanoTime() < deadline) {
        sleep();
      }
      Map<String, Integer> charged = charged(jdbc);
      boolean once = charged.size() == orders && charged.values().stream().allMatch(c -> c == 1);
      log.info("{} orders placed, {} charged, each once: {}", orders, charged.size(), once);
      return once;
    }
  }

  private static Map<String, Integer> charged(JdbcTemplate jdbc) {
    Map<String, Integer> charged = new HashMap<>();
    jdbc.query(
        "SELECT order_id, COUNT(*) FROM payments GROUP BY order_id",
        row -> {
          charged.put(row.getString(1), row.getInt(2));
        });
    return charged;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
