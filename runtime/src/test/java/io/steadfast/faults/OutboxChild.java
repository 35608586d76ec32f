package io.steadfast.faults;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * The application process that {@link OutboxCrashTest} SIGKILLs, on the test PostgreSQL.
 *
 * <ul>
 *   <li>{@code produce <outbox> <orders> <topic> <count> <marker>}: places {@code count} orders,
 *       each in one transaction that inserts the order row and enqueues "order created", and as
 *       many that roll back; writes the marker file and waits to be killed. It runs no relay: it
 *       dies after its commits and before any send.
 *   <li>{@code relay <outbox> <endpoint> <leaseMs>}: relays the outbox until it is killed.
 * </ul>
 */
public final class OutboxChild {
  private OutboxChild() {}

  public static void main(String[] args) throws Exception {
    HikariDataSource pool = TestPools.open(TestDatabases.postgres(), 4);
    JdbcOutbox outbox = JdbcOutbox.builder(pool).table(args[1]).build();
    if (args[0].equals("produce")) {
      String orders = args[2];
      for (int i = 0; i < Integer.parseInt(args[4]); i++) {
        placeOrder(pool, outbox, orders, args[3], "order-" + i, true);
        placeOrder(pool, outbox, orders, args[3], "rolled-back-" + i, false);
      }
      Files.writeString(Path.of(args[5]), "committed");
    } else {
      ReliableSender sender =
          Steadfast.sender(SenderConfig.builder(ClientSettings.builder(args[2]).build()).build());
      Steadfast.outboxRelay(
          OutboxRelayConfig.builder(outbox, sender)
              .batchSize(8)
              .lease(Duration.ofMillis(Long.parseLong(args[3])))
              .build());
      System.out.println("relay started");
    }
    new CountDownLatch(1).await(); // until SIGKILL
  }

  /**
   * One business transaction: the order row (table {@code orders}, column {@code id}) and its
   * "order created" event commit, or roll back, together.
   */
  public static void placeOrder(
      DataSource pool,
      JdbcOutbox outbox,
      String orders,
      String topic,
      String orderId,
      boolean commit)
      throws Exception {
    try (Connection tx = pool.getConnection()) {
      tx.setAutoCommit(false);
      try (PreparedStatement insert =
          tx.prepareStatement("INSERT INTO " + orders + " (id) VALUES (?)")) {
        insert.setString(1, orderId);
        insert.executeUpdate();
      }
      outbox.enqueue(tx, event(topic, orderId));
      if (commit) {
        tx.commit();
      } else {
        tx.rollback();
      }
    }
  }

  /** "order created" for {@code orderId}, keyed by it. */
  public static OutgoingMessage event(String topic, String orderId) {
    return OutgoingMessage.builder(topic)
        .tag("created")
        .key(orderId)
        .payload(new OrderEvent(orderId, 1))
        .build();
  }
}
