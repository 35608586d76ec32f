package io.steadfast.samples.demo;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.samples.billing.Billing;
import io.steadfast.samples.billing.BillingFaults;
import io.steadfast.samples.billing.BillingService;
import io.steadfast.samples.billing.BillingStores;
import io.steadfast.samples.billing.RedisBilling;
import io.steadfast.samples.unsafe.NxGuard;
import io.steadfast.samples.unsafe.UnsafeBilling;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.rocketmq.client.apis.ClientException;

/** One running billing consumer (Steadfast or the unsafe pattern), in this JVM or a worker's. */
final class BillingNode implements AutoCloseable {
  static final String UNSAFE_TOPIC = "orders-unsafe";
  static final String UNSAFE_GROUP = "billing-unsafe";
  static final int MAX_DELIVERY_ATTEMPTS = 16;

  private final AutoCloseable consumer;
  private final DataSource payments;

  private BillingNode(AutoCloseable consumer, DataSource payments) {
    this.consumer = consumer;
    this.payments = payments;
  }

  static BillingNode start(NodeSettings s, BillingFaults faults, SteadfastMetrics metrics)
      throws ClientException {
    SqlSessionFactory payments =
        BillingStores.payments(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    DataSource dataSource = payments.getConfiguration().getEnvironment().getDataSource();
    ClientSettings client = s.client();
    if (s.unsafe()) {
      NxGuard guard =
          s.store() == StoreKind.REDIS ? NxGuard.redis(s.redisUri()) : NxGuard.sql(dataSource);
      UnsafeBilling unsafe =
          new UnsafeBilling(
              client.toClientConfiguration(),
              UNSAFE_TOPIC,
              UNSAFE_GROUP,
              s.threads(),
              s.runId(),
              payments,
              guard,
              faults);
      return new BillingNode(unsafe, dataSource);
    }
    IdempotencyStore store =
        s.store() == StoreKind.REDIS
            ? BillingStores.redis(s.redisUri())
            : BillingStores.sql(payments);
    BillingService service = new BillingService(s.runId(), payments, faults);
    ConsumerConfig config =
        ConsumerConfig.builder(client, store)
            .mode(ConsumerConfig.Mode.BATCH)
            .threads(s.threads())
            // A batch's claims are completed after its last handler: without a shared transaction
            // (Redis), a crash mid-batch would pay the batch's earlier orders again.
            .batchSize(s.store() == StoreKind.REDIS ? 1 : 16)
            .invisibleDuration(Duration.ofSeconds(5))
            .lease(Duration.ofSeconds(10))
            .awaitDuration(Duration.ofSeconds(1))
            .maxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
            .shutdownTimeout(Duration.ofSeconds(10))
            .metrics(metrics)
            .build();
    RunningConsumer consumer =
        s.store() == StoreKind.REDIS
            ? Steadfast.consumer(RedisBilling.class, service, config)
            : Steadfast.consumer(Billing.class, service, config);
    return new BillingNode(
        () -> {
          consumer.close();
          store.close();
        },
        dataSource);
  }

  @Override
  public void close() throws Exception {
    try {
      consumer.close();
    } finally {
      if (payments instanceof PooledDataSource pooled) {
        pooled.forceCloseAll();
      }
    }
  }
}
