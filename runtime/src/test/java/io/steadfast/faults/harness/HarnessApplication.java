package io.steadfast.faults.harness;

import static io.steadfast.faults.harness.HarnessProperties.dataSource;
import static io.steadfast.faults.harness.HarnessProperties.property;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.faults.OutboxChild;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.outbox.OutboxRelay;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order service of an outbox and inbox schedule, in its own JVM so that the harness can SIGKILL
 * it wherever it is: between an order's commit and its send included. Until the file {@code
 * harness.stopFile} exists it places orders at a steady pace, each in one transaction with its
 * "order created" outbox row; every fifth transaction rolls back. An outbox relay runs in the same
 * JVM until the JVM is stopped. Order ids name the instance, so a restarted service places new
 * ones.
 *
 * <p>Configured by system properties {@code harness.*}; see {@link OutboxInboxRun#command}.
 */
public final class HarnessApplication {
  private static final Logger log = LoggerFactory.getLogger(HarnessApplication.class);

  private HarnessApplication() {}

  public static void main(String[] args) throws Exception {
    String name = property("name");
    String topic = property("topic");
    String orders = property("ordersTable");
    HikariDataSource db = dataSource(property("dbUrl"), 4);
    JdbcOutbox outbox = JdbcOutbox.builder(db).table(property("outboxTable")).build();
    ReliableSender sender =
        Steadfast.sender(
            SenderConfig.builder(HarnessProperties.client(Duration.ofSeconds(6))).build());
    OutboxRelay relay =
        Steadfast.outboxRelay(
            OutboxRelayConfig.builder(outbox, sender)
                .batchSize(8)
                .pollInterval(Duration.ofMillis(200))
                .lease(Duration.ofMillis(Long.parseLong(property("relayLeaseMs"))))
                .retryDelays(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build());
    CountDownLatch stopped = HarnessProperties.closeOnTerminate(relay, sender, db);
    System.out.println("harness application " + name + " started");
    Path stopFile = Path.of(property("stopFile"));
    long pauseNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(property("pauseMs")));
    long next = System.nanoTime();
    for (int n = 0; !Files.exists(stopFile); n++) {
      boolean commit = n % 5 != 4;
      String orderId = (commit ? "o-" : "rb-") + name + "-" + n;
      try {
        OutboxChild.placeOrder(db, outbox, orders, topic, orderId, commit);
      } catch (Exception e) {
        // A store fault: the order may or may not exist; the orders table decides.
        log.warn("order {} failed: {}", orderId, e.toString());
      }
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    System.out.println("harness application " + name + " placed its orders; relaying");
    stopped.await();
  }
}
