package io.steadfast.faults.harness;

import static io.steadfast.faults.harness.HarnessProperties.dataSource;
import static io.steadfast.faults.harness.HarnessProperties.property;

import com.zaxxer.hikari.HikariDataSource;
import io.steadfast.Steadfast;
import io.steadfast.consume.MessageHandler;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.inbox.JdbcInbox;
import io.steadfast.testing.Definitions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One inbox consumer of an outbox and inbox schedule, in its own JVM so that the harness can
 * SIGKILL or SIGTERM it. Its transactional handler writes the order's effect row in the inbox
 * transaction, before the seeded handler faults ({@link HandlerBehaviour}, slow runs up to twice
 * the lease included), so only the inbox's rollback keeps a failed or superseded run from counting.
 *
 * <p>Configured by system properties {@code harness.*}; see {@link OutboxInboxRun#command}.
 */
public final class HarnessInboxConsumer {
  private HarnessInboxConsumer() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(property("seed"));
    Duration lease = Duration.ofMillis(Long.parseLong(property("leaseMs")));
    String name = property("name");
    String effects = property("effectsTable");
    HikariDataSource db = dataSource(property("dbUrl"), 8);
    JdbcInbox inbox = JdbcInbox.builder(db).table(property("inboxTable")).build();
    MessageHandler<OrderEvent> handler =
        (event, ctx, tx) -> {
          HarnessConsumer.recordEffect(
              tx.getConnection(),
              effects,
              event.orderId(),
              name + "/" + ctx.messageId() + "/" + ctx.deliveryAttempt());
          HandlerBehaviour.of(seed, event.orderId(), ctx.deliveryAttempt(), lease)
              .finish(event.orderId());
        };
    RunningConsumer consumer =
        Steadfast.inboxConsumer(
            Definitions.transactional(
                property("group"), property("topic"), OrderEvent.class, handler),
            InboxConfig.builder(HarnessProperties.client(Duration.ofSeconds(6)), inbox)
                .threads(4)
                .lease(lease)
                .maxAttempts(Integer.parseInt(property("maxAttempts")))
                .retryDelays(Duration.ofMillis(200), Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(3))
                .build());
    CountDownLatch stopped = HarnessProperties.closeOnTerminate(consumer, db);
    System.out.println("harness inbox consumer " + name + " started");
    stopped.await();
  }
}
