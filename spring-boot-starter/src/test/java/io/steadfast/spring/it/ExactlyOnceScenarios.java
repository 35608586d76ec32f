package io.steadfast.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.steadfast.metrics.MicrometerMetrics;
import io.steadfast.testkit.EmbeddedRocketMQ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every billing application must show, whatever its data layer: each order's payment written
 * exactly once under handler failures after the write, producer re-sends and a restart of the
 * application mid-flow; meters that agree with the payments table; health UP.
 */
public abstract class ExactlyOnceScenarios {
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Autowired protected ConfigurableApplicationContext context;
  @Autowired private OrderEvents orders;
  @Autowired private InjectedFailures failures;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private MeterRegistry meters;
  @Autowired private HealthEndpoint health;

  /** The class's cluster. */
  protected abstract EmbeddedRocketMQ cluster();

  /** The application under test. */
  protected abstract Class<?> app();

  /** The application's properties, for further instances. */
  protected abstract Map<String, Object> properties();

  /** The table the handler writes payments to. */
  protected abstract String paymentsTable();

  @Test
  void everyOrderIsPaidOnceUnderFailuresAfterTheWriteAndResends() {
    double processedBefore = processed();
    List<String> ids = ids("once", 30);
    for (int i = 0; i < ids.size(); i += 3) {
      failures.failOnceAfterWrite(ids.get(i));
    }
    for (String id : ids) {
      orders.created(id, new OrderCreated(id, 100));
      orders.created(id, new OrderCreated(id, 100)); // a re-send after an unclear outcome
    }
    awaitPaid("once", ids.size());
    cluster().awaitDrained(Billing.GROUP, OrderEvents.TOPIC, PATIENCE);

    assertPaidOnce("once", ids);
    assertThat(processed() - processedBefore).isEqualTo(ids.size());
    assertThat(health.healthForPath("steadfast").getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void aRestartMidFlowPaysEveryOrderOnce() {
    List<String> ids = ids("restart", 40);
    Map<String, Object> slow = new HashMap<>(properties());
    slow.put("billing.handler-delay", "100ms");
    context.stop(); // this instance's consumers leave the group: the restarted one does the work
    int threadsBefore = steadfastThreads();
    try {
      try (ConfigurableApplicationContext first = TestApps.start(app(), slow)) {
        OrderEvents producer = first.getBean(OrderEvents.class);
        InjectedFailures firstFailures = first.getBean(InjectedFailures.class);
        for (int i = 0; i < ids.size(); i += 4) {
          firstFailures.failOnceAfterWrite(ids.get(i));
        }
        for (String id : ids) {
          producer.created(id, new OrderCreated(id, 100));
        }
        await().atMost(PATIENCE).until(() -> paid("restart").size() >= 8);
      } // closed while handlers run
      try (ConfigurableApplicationContext second = TestApps.start(app(), slow)) {
        String again = ids.get(1); // the producer re-sends after the restart
        second.getBean(OrderEvents.class).created(again, new OrderCreated(again, 100));
        awaitPaid("restart", ids.size());
        cluster().awaitDrained(Billing.GROUP, OrderEvents.TOPIC, PATIENCE);
      }
      // Both closed contexts took their consumers', senders' and stores' threads with them.
      await().atMost(Duration.ofSeconds(20)).until(() -> steadfastThreads() <= threadsBefore);
    } finally {
      context.start();
    }
    assertPaidOnce("restart", ids);
  }

  private void awaitPaid(String prefix, int orders) {
    await().atMost(PATIENCE).until(() -> paid(prefix).size() == orders);
  }

  private void assertPaidOnce(String prefix, List<String> ids) {
    Map<String, Integer> paid = paid(prefix);
    assertThat(paid.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(paid.values()).as("payments per order").containsOnly(1);
  }

  /** Payments per order id starting with {@code prefix}. */
  private Map<String, Integer> paid(String prefix) {
    Map<String, Integer> paid = new HashMap<>();
    jdbc.query(
        "SELECT order_id, COUNT(*) FROM "
            + paymentsTable()
            + " WHERE order_id LIKE ? GROUP BY order_id",
        row -> {
          paid.put(row.getString(1), row.getInt(2));
        },
        prefix + "-%");
    return paid;
  }

  private double processed() {
    return Search.in(meters)
        .name(MicrometerMetrics.CONSUMER_MESSAGES)
        .tags("group", Billing.GROUP, "outcome", "processed")
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static int steadfastThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("steadfast-"))
            .count();
  }

  private static List<String> ids(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    String run = Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < n; i++) {
      ids.add(prefix + "-" + run + "-" + i);
    }
    return ids;
  }
}
