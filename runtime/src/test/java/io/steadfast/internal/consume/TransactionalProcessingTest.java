package io.steadfast.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.MessageProperties;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.MessageHandler;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactional handlers (dedup row and business writes in one transaction) on H2. */
class TransactionalProcessingTest {
  private static final ClientSettings CLIENT = ClientSettings.builder("127.0.0.1:1").build();

  public record Payment(String id) {}

  private MyBatisIdempotencyStore store;
  private MessageProcessor processor;
  private final CountingMetrics metrics = new CountingMetrics();

  @BeforeEach
  void createStore() throws SQLException {
    store = MyBatisIdempotencyStore.h2InMemory("tx-processing-" + System.nanoTime());
    try (SqlSession s = store.openSession();
        Statement st = s.getConnection().createStatement()) {
      st.execute("CREATE TABLE ledger (payment_id VARCHAR(64))");
      s.commit(true);
    }
  }

  @AfterEach
  void close() {
    if (processor != null) {
      processor.finishClose(true);
    }
    store.close();
  }

  private MessageProcessor processor(MessageHandler<Payment> handler, Duration lease) {
    HandlerBinding<Payment> binding =
        HandlerBinding.builder("payments", "*", Payment.class).transactional().handler(handler);
    processor =
        new MessageProcessor(
            ConsumerDefinition.of("billing", binding),
            ConsumerConfig.builder(CLIENT, store)
                .metrics(metrics)
                .lease(lease)
                .invisibleDuration(lease)
                .build());
    return processor;
  }

  private static IncomingMessage payment(String messageId, String key) {
    return new IncomingMessage(
        messageId,
        "payments",
        "paid",
        List.of(key),
        Map.of(MessageProperties.CONTENT_TYPE, "application/json"),
        ("{\"id\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8),
        1);
  }

  private static void pay(SqlSession tx, Payment p) throws SQLException {
    try (Statement st = tx.getConnection().createStatement()) {
      st.execute("INSERT INTO ledger VALUES ('" + p.id() + "')");
    }
  }

  private int ledgerRows() throws SQLException {
    try (SqlSession s = store.openSession();
        Statement st = s.getConnection().createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ledger")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void handlerSlowerThanItsLeaseCommitsOnceAndItsCopyIsADuplicate() throws Exception {
    AtomicInteger extensions = new AtomicInteger();
    MessageProcessor p =
        processor(
            (payment, ctx, tx) -> {
              Thread.sleep(2_500);
              pay(tx, payment);
            },
            Duration.ofSeconds(1));

    Disposition first =
        p.process(
            payment("m1", "pay-1"),
            d -> {
              extensions.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            });

    assertThat(first).isEqualTo(Disposition.ACK);
    assertThat(p.process(payment("m1-copy", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(ledgerRows()).isEqualTo(1);
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(1);
    // The message stayed invisible while its handler ran past the invisible duration.
    assertThat(extensions.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void completionThatDidNotTakeEffectRollsTheHandlersWritesBack() throws Exception {
    MessageProcessor p =
        processor(
            (payment, ctx, tx) -> {
              pay(tx, payment);
              try (Statement st = tx.getConnection().createStatement()) {
                st.execute(
                    "DELETE FROM steadfast_dedup"); // the dedup row is gone before completion
              }
            },
            Duration.ofSeconds(30));

    assertThat(p.process(payment("m1", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.REDELIVER);
    assertThat(ledgerRows()).isZero();
    assertThat(metrics.leasesLostCount()).isEqualTo(1);
  }
}
