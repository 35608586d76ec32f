package io.steadfast.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.MessageProperties;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.HandlerTransaction;
import io.steadfast.consume.HandlerTransactions;
import io.steadfast.consume.MessageHandler;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
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

  private final String database = "tx-processing-" + System.nanoTime();
  private MyBatisIdempotencyStore store;
  private MessageProcessor processor;
  private final CountingMetrics metrics = new CountingMetrics();

  @BeforeEach
  void createStore() throws SQLException {
    store = MyBatisIdempotencyStore.h2InMemory(database);
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
    return processor(binding, config(lease));
  }

  private ConsumerConfig.Builder config(Duration lease) {
    return ConsumerConfig.builder(CLIENT, store)
        .metrics(metrics)
        .lease(lease)
        .invisibleDuration(lease);
  }

  private MessageProcessor processor(
      HandlerBinding<Payment> binding, ConsumerConfig.Builder config) {
    processor = new MessageProcessor(ConsumerDefinition.of("billing", binding), config.build());
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

  /**
   * Transactions of the application's own (as a framework's transaction manager binds them to the
   * thread): a plain JDBC connection on the store's database, which the handler reaches through the
   * thread, not through a parameter.
   */
  private final class ThreadBoundTransactions implements HandlerTransactions {
    final ThreadLocal<Connection> current = new ThreadLocal<>();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public HandlerTransaction begin() {
      Connection c;
      try {
        c = DriverManager.getConnection("jdbc:h2:mem:" + database + ";MODE=PostgreSQL", "sa", "");
        c.setAutoCommit(false);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      current.set(c);
      return new HandlerTransaction() {
        @Override
        public Connection connection() {
          return c;
        }

        @Override
        public void commit() {
          run(c::commit);
          commits.incrementAndGet();
        }

        @Override
        public void rollback() {
          run(c::rollback);
        }

        @Override
        public void close() {
          run(c::rollback); // after a commit: nothing left to roll back
          run(c::close);
          current.remove();
          closes.incrementAndGet();
        }
      };
    }

    void pay(Payment p) throws SQLException {
      try (Statement st = current.get().createStatement()) {
        st.execute("INSERT INTO ledger VALUES ('" + p.id() + "')");
      }
    }
  }

  private interface SqlCall {
    void run() throws SQLException;
  }

  private static void run(SqlCall call) {
    try {
      call.run();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void givenTransactionsRunAHandlerWithoutParametersExactlyOnce() throws Exception {
    ThreadBoundTransactions transactions = new ThreadBoundTransactions();
    AtomicInteger calls = new AtomicInteger();
    MessageProcessor p =
        processor(
            HandlerBinding.builder("payments", "*", Payment.class)
                .handler(
                    (payment, ctx, session) -> {
                      assertThat(session).isNull();
                      transactions.pay(payment);
                      if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("fails after its write");
                      }
                    }),
            config(Duration.ofSeconds(30)).transactions(transactions));

    assertThat(p.process(payment("m1", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.REDELIVER);
    assertThat(ledgerRows()).isZero(); // the write rolled back with the claim
    assertThat(p.process(payment("m1", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(p.process(payment("m1-copy", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.ACK);

    assertThat(ledgerRows()).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(1);
    assertThat(transactions.commits.get()).isEqualTo(1);
    assertThat(transactions.closes.get()).isEqualTo(3);
  }

  @Test
  void aSessionHandlerInGivenTransactionsGetsASessionOnTheirConnection() throws Exception {
    ThreadBoundTransactions transactions = new ThreadBoundTransactions();
    MessageProcessor p =
        processor(
            HandlerBinding.builder("payments", "*", Payment.class)
                .transactional()
                .handler(
                    (payment, ctx, session) -> {
                      assertThat(session.getConnection()).isSameAs(transactions.current.get());
                      pay(session, payment);
                    }),
            config(Duration.ofSeconds(30)).transactions(transactions));

    assertThat(p.process(payment("m1", "pay-1"), LeaseKeeper.InvisibilityExtender.NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(ledgerRows()).isEqualTo(1);
    assertThat(transactions.commits.get()).isEqualTo(1);
  }
}
