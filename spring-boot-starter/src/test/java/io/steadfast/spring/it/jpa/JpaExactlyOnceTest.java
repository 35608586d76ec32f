package io.steadfast.spring.it.jpa;

import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.ExactlyOnceScenarios;
import io.steadfast.spring.it.OrderEvents;
import io.steadfast.spring.it.TestApps;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Data JPA handler (Hibernate, JpaTransactionManager) on PostgreSQL, its group in BATCH
 * mode.
 */
@SpringBootTest(classes = JpaBillingApp.class)
@DirtiesContext
class JpaExactlyOnceTest extends ExactlyOnceScenarios {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic(OrderEvents.TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(Billing.GROUP, 20));

  private static final String PREFIX = TestDatabases.uniqueName("sb_jpa");
  private static Map<String, Object> properties;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    properties = TestApps.postgresApp(MQ.cluster().endpoint(), PREFIX);
    // Hibernate creates the payments table in a schema of this test's own.
    properties.put("spring.jpa.hibernate.ddl-auto", "update");
    properties.put("spring.jpa.properties.hibernate.default_schema", PREFIX);
    properties.put("spring.jpa.properties.hibernate.hbm2ddl.create_namespaces", true);
    properties.put("spring.jpa.open-in-view", false);
    // This application's group receives in batches (the JDBC test's pushes): a per-group override.
    properties.put("steadfast.consumer.groups.billing.mode", "batch");
    properties.put("steadfast.consumer.groups.billing.invisible-duration", "5s");
    properties.put("steadfast.consumer.groups.billing.lease", "10s");
    properties.put("steadfast.consumer.groups.billing.await-duration", "1s");
    TestApps.register(registry, properties);
  }

  /** Consumers stop before the cluster does (the extension closes it after this). */
  @AfterAll
  static void closeContext(ApplicationContext context) throws Exception {
    ((ConfigurableApplicationContext) context).stop();
    try (Connection c = TestDatabases.postgres().connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PREFIX + " CASCADE");
    }
    TestDatabases.postgres().dropTable(PREFIX + "_dedup");
  }

  @Override
  protected EmbeddedRocketMQ cluster() {
    return MQ.cluster();
  }

  @Override
  protected Class<?> app() {
    return JpaBillingApp.class;
  }

  @Override
  protected Map<String, Object> properties() {
    return properties;
  }

  @Override
  protected String paymentsTable() {
    return PREFIX + ".payments";
  }
}
