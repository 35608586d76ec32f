package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.BrokerGroup;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import io.steadfast.testkit.Topology;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18: two broker groups (broker-a and broker-b, each SYNC_MASTER + SLAVE with SYNC_FLUSH and
 * the Steadfast broker plugin, behind one CLUSTER-mode proxy) and a topic with queues on both. A
 * Steadfast sender sends at a steady pace; a transactional Steadfast consumer writes one PostgreSQL
 * row per order in the dedup record's transaction. broker-a's master is SIGKILLed mid-way and
 * restarted later. Every acked order has exactly one row, and broker-b kept acking sends while
 * broker-a was down.
 */
class TwoGroupFaultTest {
  private static final String TOPIC = "two-group-orders";
  private static final String GROUP = "two-group-billing";
  private static final int PER_SECOND = 25;
  private static final int SENT_BEFORE_KILL = 3 * PER_SECOND;
  private static final int SENT_WHILE_DOWN = 4 * PER_SECOND;
  private static final int SENT_AFTER_RESTART = 3 * PER_SECOND;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topology(Topology.TWO_GROUPS)
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .brokerPluginFromClasspath("io.steadfast.broker.SteadfastMessageStore")
              .topic(TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GROUP, 30));

  private final Ledger ledger = new Ledger();
  private final Timeline acks = new Timeline();
  private final Timeline retries = new Timeline();
  private final Timeline handled = new Timeline();
  private final CountingMetrics metrics =
      new CountingMetrics() {
        @Override
        public void sendRetried(String topic, int failedAttempt) {
          super.sendRetried(topic, failedAttempt);
          retries.record();
        }
      };
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger reported = new AtomicInteger();

  @Test
  void everyAckedOrderTakesEffectOnceWhileOneGroupsMasterIsKilledAndRestarted() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    BrokerGroup a = mq.group("broker-a");
    // Before the try: its finally would hide a missing server behind a failed DROP.
    DatabaseSettings postgres = TestDatabases.postgres().requireReachable();
    String dedupTable = TestDatabases.uniqueName("two_group_dedup");
    String effectsTable = TestDatabases.uniqueName("two_group_effects");
    ClientSettings client =
        ClientSettings.builder(mq.endpoint()).requestTimeout(Duration.ofSeconds(10)).build();
    try (HikariDataSource pool = TestPools.open(postgres, 8)) {
      // No unique key: a duplicate effect shows as a second row.
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + effectsTable + " (order_id VARCHAR(64) NOT NULL)");
      }
      AtomicBoolean stop = new AtomicBoolean();
      long killedAt;
      long restartBegan;
      long restartedAt;
      long stoppedAt;
      try (MyBatisIdempotencyStore store =
              MyBatisIdempotencyStore.builder(pool).table(dedupTable).createTable(true).build();
          ReliableSender sender = Steadfast.sender(senderConfig(client));
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.transactional(
                      GROUP,
                      TOPIC,
                      OrderEvent.class,
                      (e, ctx, tx) -> {
                        try (PreparedStatement insert =
                            tx.getConnection()
                                .prepareStatement("INSERT INTO " + effectsTable + " VALUES (?)")) {
                          insert.setString(1, e.orderId());
                          insert.executeUpdate();
                        }
                        handled.record();
                      }),
                  consumerConfig(client, store))) {
        long began = System.nanoTime();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendPaced(sender, stop));

        awaitSent(SENT_BEFORE_KILL);
        killedAt = System.nanoTime();
        a.killMaster();
        awaitSent(SENT_BEFORE_KILL + SENT_WHILE_DOWN);
        restartBegan = System.nanoTime();
        a.restartMaster();
        restartedAt = System.nanoTime();
        long onAAtRestart = a.messageCount(TOPIC);
        awaitSent(sent.get() + SENT_AFTER_RESTART);
        stop.set(true);
        sending.join();
        stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).until(() -> reported.get() == sent.get());

        System.out.printf(
            "[two-group] %s; %s; %s; %s; broker-a stored %d messages after its restart%n",
            phase("before the kill", began, killedAt),
            phase("broker-a master dead", killedAt, restartBegan),
            phase("restarting", restartBegan, restartedAt),
            phase("after the restart", restartedAt, stoppedAt),
            a.messageCount(TOPIC) - onAAtRestart);
        System.out.printf(
            "[two-group] per second from the start (kill in second %d, restart in seconds %d-%d):"
                + " acks %s; send retries %s%n",
            (killedAt - began) / 1_000_000_000,
            (restartBegan - began) / 1_000_000_000,
            (restartedAt - began) / 1_000_000_000,
            acks.perSecond(began, stoppedAt),
            retries.perSecond(began, stoppedAt));

        List<Integer> waiting = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> withoutEffect(pool, effectsTable, waiting) == 0);
        System.out.printf(
            "[two-group] every acked order took effect %d ms after the restart; acked orders"
                + " without effect, each second after sending stopped: %s; handled per second"
                + " from the start: %s%n",
            (System.nanoTime() - restartedAt) / 1_000_000,
            waiting,
            handled.perSecond(began, System.nanoTime()));
        // Copies redelivered after the restart are handled (and suppressed) before counting.
        mq.awaitDrained(GROUP, TOPIC, Duration.ofSeconds(120));
      }
      effectRows(pool, effectsTable).forEach(ledger::effect);
      ledger.print("two-group", metrics);
      assertThat(ledger.failedSends).as("sends not acked").isEmpty();
      assertThat(ledger.acked).hasSize(sent.get());
      assertThat(ledger.lost()).as("lost").isZero();
      assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
      assertThat(acks.count(killedAt, restartBegan))
          .as("acks while broker-a's master was dead")
          .isGreaterThanOrEqualTo(SENT_WHILE_DOWN / 2);
    } finally {
      postgres.dropTable(effectsTable);
      postgres.dropTable(dedupTable);
    }
  }

  /** Duration, ack rate, longest time without an ack and send retries of one phase of the run. */
  private String phase(String name, long from, long to) {
    return String.format(
        "%s %d ms: %.0f acks/s, longest without an ack %d ms, %d send retries",
        name,
        (to - from) / 1_000_000,
        acks.rate(from, to),
        acks.longestGapMillis(from, to),
        retries.count(from, to));
  }

  private SenderConfig senderConfig(ClientSettings client) {
    return SenderConfig.builder(client)
        .retryPolicy(
            new RetryPolicy(
                10, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(40)))
        .maxInFlight(128)
        .metrics(metrics)
        .build();
  }

  private ConsumerConfig consumerConfig(ClientSettings client, MyBatisIdempotencyStore store) {
    return ConsumerConfig.builder(client, store)
        .mode(Mode.BATCH)
        .threads(2)
        .invisibleDuration(Duration.ofSeconds(5))
        .lease(Duration.ofSeconds(10))
        .awaitDuration(Duration.ofSeconds(1))
        .maxDeliveryAttempts(30)
        .metrics(metrics)
        .build();
  }

  /** Sends order after order, {@value #PER_SECOND} a second, until {@code stop}. */
  private void sendPaced(ReliableSender sender, AtomicBoolean stop) {
    long period = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
    long next = System.nanoTime();
    for (int i = 0; !stop.get(); i++) {
      LockSupport.parkNanos(next - System.nanoTime());
      next += period;
      String key = "two-group-" + i;
      ledger.sent.add(key);
      sent.incrementAndGet();
      sender
          .sendAsync(
              OutgoingMessage.builder(TOPIC).key(key).payload(new OrderEvent(key, i)).build())
          .whenComplete(
              (receipt, failure) -> {
                if (failure == null) {
                  ledger.acked.add(key);
                  acks.record();
                } else {
                  ledger.failedSends.add(key);
                }
                reported.incrementAndGet();
              });
    }
  }

  private void awaitSent(int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= count);
  }

  /** How many acked orders have no effect row yet; appends the number to {@code history}. */
  private int withoutEffect(HikariDataSource pool, String table, List<Integer> history)
      throws Exception {
    Set<String> missing = new HashSet<>(ledger.acked);
    effectRows(pool, table).forEach(missing::remove);
    history.add(missing.size());
    return missing.size();
  }

  /** The order id of every effect row, once per row. */
  private static List<String> effectRows(HikariDataSource pool, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT order_id FROM " + table)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
