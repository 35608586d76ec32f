package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.MessageHandler;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.produce.ReliableSender;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handlers that throw an {@code Error}, write in the dedup transaction, or outlive their consumer
 * or their lease, through a real cluster. The first two run on both transports; the last two test
 * the gRPC BATCH engine's invisibility and close (the remoting client's close is {@code
 * RemotingConsumerCloseTest}'s).
 */
class HandlerFaultTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          OrderFlow.declare(
              EmbeddedRocketMQ.builder()
                  .topic("eo-close", TopicType.NORMAL, 1)
                  .topic("eo-slow-tx", TopicType.NORMAL, 1)
                  .consumerGroup("eo-close-g", 10)
                  .consumerGroup("eo-slow-tx-g", 10),
              2,
              5,
              "eo-tx",
              "eo-error"));

  /** An {@code Error} from a handler (one consumer thread) must not stop the consumer. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void anErrorThrownByAHandlerDoesNotStopTheConsumer(Transport transport) {
    OrderFlow flow = new OrderFlow(MQ.cluster(), transport);
    String topic = flow.topic("eo-error");
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (ReliableSender sender = flow.sender();
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    flow.group("eo-error"),
                    topic,
                    OrderEvent.class,
                    (e, ctx, tx) -> {
                      int n =
                          attempts
                              .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                              .incrementAndGet();
                      if (n == 1 && e.orderId().endsWith("-0")) {
                        throw new AssertionError("an Error on the first attempt");
                      }
                      flow.ledger.effect(e.orderId());
                    }),
                flow.consumer(new InMemoryIdempotencyStore(), Mode.BATCH).threads(1).build())) {
      flow.send(sender, topic, 11);
      flow.awaitAllProcessed();
    }
    flow.assertExactlyOnce("error");
    assertThat(attempts.get(topic + "-0")).hasValue(2);
  }

  /**
   * Transactional mode: the handler's own insert, the claim and the DONE mark share one H2
   * transaction, so the inserts of handlers that fail after writing roll back with their claims.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void transactionalHandlersCommitTheirWritesWithTheDedupRecord(Transport transport)
      throws Exception {
    OrderFlow flow = new OrderFlow(MQ.cluster(), transport);
    String topic = flow.topic("eo-tx");
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (MyBatisIdempotencyStore h2 = h2WithInvoices("eo-tx-")) {
      try (ReliableSender sender = flow.sender();
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.transactional(
                      flow.group("eo-tx"),
                      topic,
                      OrderEvent.class,
                      (e, ctx, tx) -> {
                        invoice(tx, e.orderId());
                        int n =
                            attempts
                                .computeIfAbsent(e.orderId(), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (e.orderId().endsWith("3") && n == 1) {
                          throw new IllegalStateException("fails after writing: must roll back");
                        }
                      }),
                  flow.consumer(h2, Mode.BATCH).build())) {
        flow.send(sender, topic, 50);
        sender.send(OrderFlow.order(topic, topic + "-0")); // a producer duplicate
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> invoices(h2).size() >= 50 && flow.metrics.duplicatesSuppressedCount() >= 1);
      }
      List<String> rows = invoices(h2);
      rows.forEach(flow.ledger::effect);
      flow.assertExactlyOnce("transactional");
      assertThat(rows).hasSize(50);
      assertThat(attempts.get(topic + "-3")).hasValue(2);
    }
  }

  /**
   * A consumer closed while its handler runs (shutdown timeout 1 s, handler 6 s), then a new
   * consumer of the group: the redelivered copy must wait for the running handler, not repeat it.
   */
  @Test
  void closingMidHandlerAndStartingAnotherConsumerAppliesTheEffectOnce() throws Exception {
    OrderFlow flow = new OrderFlow(MQ.cluster(), Transport.GRPC);
    CountDownLatch started = new CountDownLatch(1);
    MessageHandler<OrderEvent> slow =
        (e, ctx, tx) -> {
          started.countDown();
          Thread.sleep(6_000);
          flow.ledger.effect(e.orderId());
        };
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    try (ReliableSender sender = flow.sender()) {
      RunningConsumer first =
          Steadfast.consumer(
              Definitions.single("eo-close-g", "eo-close", OrderEvent.class, slow),
              flow.consumer(store, Mode.BATCH)
                  .threads(1)
                  .shutdownTimeout(Duration.ofSeconds(1))
                  .build());
      flow.send(sender, "eo-close", 1);
      assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
      first.close();
      try (RunningConsumer second =
          Steadfast.consumer(
              Definitions.single(
                  "eo-close-g",
                  "eo-close",
                  OrderEvent.class,
                  (e, ctx, tx) -> flow.ledger.effect(e.orderId())),
              flow.consumer(store, Mode.BATCH).build())) {
        flow.awaitAllProcessed();
        // Long enough for the copy to come back (invisible 2 s) and be suppressed.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> flow.metrics.duplicatesSuppressedCount() >= 1);
      }
    }
    flow.assertExactlyOnce("close-mid-handler");
  }

  /**
   * A transactional handler slower than its lease and its invisible duration (BATCH, H2): the
   * message stays invisible, and the completion takes effect although the lease ran out.
   */
  @Test
  void transactionalHandlerSlowerThanItsLeaseWritesOnce() throws Exception {
    OrderFlow flow = new OrderFlow(MQ.cluster(), Transport.GRPC);
    try (MyBatisIdempotencyStore h2 = h2WithInvoices("eo-slow-tx-")) {
      try (ReliableSender sender = flow.sender();
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.transactional(
                      "eo-slow-tx-g",
                      "eo-slow-tx",
                      OrderEvent.class,
                      (e, ctx, tx) -> {
                        Thread.sleep(9_000);
                        invoice(tx, e.orderId());
                      }),
                  ConsumerConfig.builder(flow.client(), h2)
                      .mode(Mode.BATCH)
                      .threads(2)
                      .metrics(flow.metrics)
                      .invisibleDuration(Duration.ofSeconds(3))
                      .lease(Duration.ofSeconds(4))
                      .awaitDuration(Duration.ofSeconds(1))
                      .build())) {
        flow.send(sender, "eo-slow-tx", 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> invoices(h2).size() >= 1);
        // Room for a copy to show up and be handled again, as it was before the fix.
        Thread.sleep(12_000);
      }
      invoices(h2).forEach(flow.ledger::effect);
      flow.assertExactlyOnce("slow-transactional");
    }
  }

  private static MyBatisIdempotencyStore h2WithInvoices(String prefix) throws Exception {
    MyBatisIdempotencyStore h2 = MyBatisIdempotencyStore.h2InMemory(prefix + UUID.randomUUID());
    try (SqlSession setup = h2.openSession();
        Statement st = setup.getConnection().createStatement()) {
      st.execute("CREATE TABLE invoice (order_id VARCHAR(64) NOT NULL)");
      setup.commit(true);
    }
    return h2;
  }

  private static void invoice(SqlSession tx, String orderId) throws Exception {
    try (PreparedStatement insert =
        tx.getConnection().prepareStatement("INSERT INTO invoice VALUES (?)")) {
      insert.setString(1, orderId);
      insert.executeUpdate();
    }
  }

  private static List<String> invoices(MyBatisIdempotencyStore h2) throws Exception {
    try (SqlSession s = h2.openSession();
        ResultSet rs =
            s.getConnection().createStatement().executeQuery("SELECT order_id FROM invoice")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    }
  }
}
