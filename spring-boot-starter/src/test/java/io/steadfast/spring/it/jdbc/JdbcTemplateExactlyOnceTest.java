package io.steadfast.spring.it.jdbc;

import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.ExactlyOnceScenarios;
import io.steadfast.spring.it.OrderEvents;
import io.steadfast.spring.it.TestApps;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A JdbcTemplate handler on the application's Hikari DataSource (PostgreSQL). */
@SpringBootTest(classes = JdbcBillingApp.class)
@DirtiesContext
class JdbcTemplateExactlyOnceTest extends ExactlyOnceScenarios {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic(OrderEvents.TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(Billing.GROUP, 20));

  private static final String PREFIX = TestDatabases.uniqueName("sb_jdbc");
  private static Map<String, Object> properties;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    properties = TestApps.postgresApp(MQ.cluster().endpoint(), PREFIX);
    properties.put("billing.payments-table", PREFIX + "_payments");
    TestApps.register(registry, properties);
  }

  /** Consumers stop before the cluster does (the extension closes it after this). */
  @AfterAll
  static void closeContext(ApplicationContext context) throws Exception {
    ((ConfigurableApplicationContext) context).stop();
    TestDatabases.postgres().dropTable(PREFIX + "_payments");
    TestDatabases.postgres().dropTable(PREFIX + "_dedup");
  }

  @Override
  protected EmbeddedRocketMQ cluster() {
    return MQ.cluster();
  }

  @Override
  protected Class<?> app() {
    return JdbcBillingApp.class;
  }

  @Override
  protected Map<String, Object> properties() {
    return properties;
  }

  @Override
  protected String paymentsTable() {
    return PREFIX + "_payments";
  }
}
