package io.steadfast.faults.harness;

import static io.steadfast.faults.harness.HarnessProperties.dataSource;
import static io.steadfast.faults.harness.HarnessProperties.property;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.MessageHandler;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testing.Definitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One consumer of the randomized fault harness, run in its own JVM so that the harness can SIGKILL
 * it (a crash) or SIGTERM it (a graceful close mid-batch). Every handled order inserts one row into
 * the effects table: in the dedup transaction for {@link StoreKind#POSTGRES_TRANSACTIONAL} (the
 * effect is written before an injected failure, so only a rollback keeps it from counting), else
 * after the handler's injected faults.
 *
 * <p>Configured by system properties {@code harness.*}; see {@link HarnessRun#consumerCommand}.
 */
public final class HarnessConsumer {
  private HarnessConsumer() {}

  public static void main(String[] args) throws Exception {
    StoreKind kind = StoreKind.valueOf(property("store"));
    long seed = Long.parseLong(property("seed"));
    Duration lease = Duration.ofMillis(Long.parseLong(property("leaseMs")));
    Duration slowBase = Duration.ofMillis(Long.parseLong(property("slowBaseMs")));
    String name = property("name");
    String effects = property("effectsTable");
    HikariDataSource effectsDb = dataSource(property("effectsUrl"), 4);
    IdempotencyStore store = store(kind);
    MessageHandler<OrderEvent> handler =
        (event, ctx, tx) -> {
          HandlerBehaviour behaviour =
              HandlerBehaviour.of(seed, event.orderId(), ctx.deliveryAttempt(), slowBase);
          if (tx != null) {
            recordEffect(
                tx.getConnection(),
                effects,
                event.orderId(),
                name + "/" + ctx.messageId() + "/" + ctx.deliveryAttempt());
            behaviour.finish(event.orderId());
          } else {
            behaviour.finish(event.orderId());
            try (Connection c = effectsDb.getConnection()) {
              recordEffect(
                  c,
                  effects,
                  event.orderId(),
                  name + "/" + ctx.messageId() + "/" + ctx.deliveryAttempt());
            }
          }
        };
    String group = property("group");
    String topic = property("topic");
    ConsumerDefinition definition =
        kind == StoreKind.POSTGRES_TRANSACTIONAL
            ? Definitions.transactional(group, topic, OrderEvent.class, handler)
            : Definitions.single(group, topic, OrderEvent.class, handler);
    ConsumerConfig config =
        ConsumerConfig.builder(HarnessProperties.client(Duration.ofSeconds(5)), store)
            .mode(ConsumerConfig.Mode.valueOf(property("mode")))
            .threads(4)
            .batchSize(8)
            .lease(lease)
            .invisibleDuration(Duration.ofMillis(Long.parseLong(property("invisibleMs"))))
            .awaitDuration(Duration.ofSeconds(1))
            .maxDeliveryAttempts(Integer.parseInt(property("maxAttempts")))
            .shutdownTimeout(Duration.ofSeconds(3))
            .build();
    RunningConsumer consumer = Steadfast.consumer(definition, config);
    CountDownLatch stopped = HarnessProperties.closeOnTerminate(consumer, store, effectsDb);
    System.out.println("harness consumer " + name + " started");
    stopped.await();
  }

  private static IdempotencyStore store(StoreKind kind) {
    if (kind == StoreKind.REDIS) {
      return JedisIdempotencyStore.builder()
          .standalone(property("storeUrl"))
          .keyPrefix(property("prefix"))
          .timeout(Duration.ofSeconds(2))
          .build();
    }
    Clock skewed =
        Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(property("clockSkewMs"))));
    return MyBatisIdempotencyStore.builder(dataSource(property("storeUrl"), 8))
        .table(property("dedupTable"))
        .clock(skewed)
        .build();
  }

  /** One effect row; {@code by} names the consumer JVM, the message id and the attempt. */
  static void recordEffect(Connection c, String table, String key, String by) throws SQLException {
    String sql = "INSERT INTO " + table + " (k, consumer, at) VALUES (?, ?, ?)";
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      insert.setString(1, key);
      insert.setString(2, by);
      insert.setLong(3, System.currentTimeMillis());
      insert.executeUpdate();
    }
  }
}
