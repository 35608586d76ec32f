package io.steadfast.processor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The annotated interfaces in this package, compiled by the real processor during Maven's
 * test-compile, against an embedded RocketMQ cluster: generated producer → broker → generated
 * consumer → runtime engine → dedup store.
 */
class GeneratedEndToEndTest {
  private static final int ORDERS = 20;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic(ShopEvents.ORDERS, TopicType.NORMAL, 2)
              .topic(ShopEvents.PAYMENTS, TopicType.NORMAL, 2)
              .consumerGroup("e2e-shipping", 5)
              .consumerGroup("e2e-payments", 3));

  private static ClientSettings client() {
    return ClientSettings.builder(MQ.cluster().endpoint())
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static ConsumerConfig.Builder config(IdempotencyStore store) {
    return ConsumerConfig.builder(client(), store)
        .maxDeliveryAttempts(5)
        .invisibleDuration(Duration.ofSeconds(2))
        .lease(Duration.ofSeconds(10))
        .awaitDuration(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(10));
  }

  @Test
  void everyOrderSentTwiceHasExactlyOneEffect() {
    CountingMetrics counts = new CountingMetrics();
    Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    Shipping shipping = (event, context) -> count(effects, event.orderId());
    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client()).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Shipping.class,
                shipping,
                config(new InMemoryIdempotencyStore()).metrics(counts).build())) {
      assertThat(consumer.group()).isEqualTo("e2e-shipping");
      ShopEvents events = Steadfast.producer(ShopEvents.class, sender);
      List<CompletableFuture<?>> acks = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        String id = "order-" + i;
        OrderPlaced event = new OrderPlaced(id, 100 + i);
        events.placed(id, event);
        acks.add(events.placedAsync(id, event)); // the injected duplicate: the same order again
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> counts.settledCount() == 2 * ORDERS);
    }
    assertThat(effects).hasSize(ORDERS);
    assertThat(effects.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(counts.processedCount()).isEqualTo(ORDERS);
    assertThat(counts.duplicatesSuppressedCount()).isEqualTo(ORDERS);
  }

  @Test
  void transactionalHandlerRollsBackItsWritesTogetherWithTheDedupRecord() throws Exception {
    CountingMetrics counts = new CountingMetrics();
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Payments payments =
        (event, tx, context) -> {
          int call = count(calls, event.orderId());
          insertPayment(tx, event);
          boolean failOnce = event.orderId().equals("fail-once") && call == 1;
          if (failOnce || event.orderId().equals("always-fails")) {
            throw new IllegalStateException("injected failure after the insert, call " + call);
          }
        };
    try (MyBatisIdempotencyStore store =
            MyBatisIdempotencyStore.h2InMemory("e2e_" + System.nanoTime());
        ReliableSender sender = Steadfast.sender(SenderConfig.builder(client()).build())) {
      createPaymentsTable(store);
      try (RunningConsumer consumer =
          Steadfast.consumer(
              Payments.class,
              payments,
              config(store).maxDeliveryAttempts(3).metrics(counts).build())) {
        assertThat(consumer.group()).isEqualTo("e2e-payments");
        ShopEvents events = Steadfast.producer(ShopEvents.class, sender);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          ids.add("paid-" + i);
        }
        ids.add("fail-once");
        for (String id : ids) {
          events.paid(id, new OrderPlaced(id, 42));
          events.paid(id, new OrderPlaced(id, 42)); // injected duplicate
        }
        events.paid("always-fails", new OrderPlaced("always-fails", 1));

        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    counts.settledCount() == 2 * ids.size() && counts.deadLetterBoundCount() == 1);
        for (String id : ids) {
          assertThat(paymentRows(store, id)).as("rows of %s", id).isEqualTo(1);
        }
      }
      // The first call of fail-once inserted and threw: its row and its dedup claim were rolled
      // back together, so the next copy was handled (a committed claim would have skipped it).
      assertThat(calls.get("fail-once").get()).isEqualTo(2);
      assertThat(calls.get("paid-0").get()).isEqualTo(1);
      // Every attempt of always-fails claimed afresh and rolled back; nothing of it remains.
      assertThat(calls.get("always-fails").get()).isEqualTo(3);
      assertThat(paymentRows(store, "always-fails")).isZero();
      assertThat(counts.processedCount()).isEqualTo(6);
    }
  }

  private static int count(Map<String, AtomicInteger> counts, String key) {
    return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void createPaymentsTable(MyBatisIdempotencyStore store) {
    try (SqlSession session = store.openSession()) {
      session.getConfiguration().addMapper(PaymentMapper.class);
      session.getMapper(PaymentMapper.class).createTable();
      session.commit(true);
    }
  }

  private static void insertPayment(SqlSession tx, OrderPlaced event) {
    tx.getMapper(PaymentMapper.class).insert(event.orderId(), event.amountCents());
  }

  private static int paymentRows(MyBatisIdempotencyStore store, String orderId) {
    try (SqlSession session = store.openSession()) {
      return session.getMapper(PaymentMapper.class).count(orderId);
    }
  }
}
