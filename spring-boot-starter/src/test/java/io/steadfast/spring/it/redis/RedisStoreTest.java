package io.steadfast.spring.it.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.steadfast.metrics.MicrometerMetrics;
import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.OrderCreated;
import io.steadfast.spring.it.OrderEvents;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Redis store: every order applied once, meters equal the effects, health follows Redis. */
@SpringBootTest(classes = RedisBillingApp.class)
@DirtiesContext
class RedisStoreTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic(OrderEvents.TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(Billing.GROUP, 20));

  /** A private server: the test stops and resumes it. */
  private static RedisServer redis;

  @Autowired private OrderEvents orders;
  @Autowired private RedisBillingApp.CountingBilling billing;
  @Autowired private MeterRegistry meters;
  @Autowired private HealthEndpoint health;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    redis = RedisServer.startLocal();
    registry.add("steadfast.connection.endpoint", () -> MQ.cluster().endpoint());
    registry.add("steadfast.store.type", () -> "redis");
    registry.add("steadfast.store.redis.url", redis::uri);
    registry.add("steadfast.store.redis.timeout", () -> "500ms");
    registry.add("steadfast.consumer.max-attempts", () -> 20);
    registry.add("steadfast.consumer.shutdown-timeout", () -> "10s");
    registry.add("management.endpoint.health.show-details", () -> "always");
  }

  @AfterAll
  static void stop(ApplicationContext context) {
    ((ConfigurableApplicationContext) context).stop();
    redis.close();
  }

  @Test
  void everyOrderIsAppliedOnceAndTheMetersSayHowOften() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add("redis-" + i + (i % 5 == 0 ? "-fail" : ""));
    }
    for (String id : ids) {
      orders.created(id, new OrderCreated(id, 100));
      orders.created(id, new OrderCreated(id, 100)); // re-sent
    }
    MQ.cluster().awaitDrained(Billing.GROUP, OrderEvents.TOPIC, Duration.ofSeconds(120));

    assertThat(billing.effects.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(billing.effects.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(messages("processed")).isEqualTo(ids.size());
    assertThat(messages("released")).isEqualTo(4); // the four failures freed their keys
    assertThat(messages("duplicate") + messages("in_progress")).isGreaterThanOrEqualTo(ids.size());
  }

  @Test
  void healthIsDownWhileRedisIsDownAndUpWhenItReturns() {
    assertThat(steadfast().getStatus()).isEqualTo(Status.UP);
    redis.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> steadfast().getStatus().equals(Status.DOWN));
      assertThat(details("store")).containsEntry("reachable", false);
    } finally {
      redis.resume();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> steadfast().getStatus().equals(Status.UP));
    assertThat(details("store")).containsEntry("reachable", true).containsKey("latencyMs");
    @SuppressWarnings("unchecked")
    Map<String, Object> billingGroup =
        (Map<String, Object>) details("consumers").get(Billing.GROUP);
    assertThat(billingGroup).containsEntry("running", true).containsEntry("failOpen", false);
  }

  private org.springframework.boot.actuate.health.HealthComponent steadfast() {
    return health.healthForPath("steadfast");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> details(String key) {
    var component = (org.springframework.boot.actuate.health.Health) steadfast();
    return (Map<String, Object>) component.getDetails().get(key);
  }

  private double messages(String outcome) {
    return Search.in(meters)
        .name(MicrometerMetrics.CONSUMER_MESSAGES)
        .tags("group", Billing.GROUP, "outcome", outcome)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
