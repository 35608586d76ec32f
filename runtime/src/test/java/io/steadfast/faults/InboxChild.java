package io.steadfast.faults;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.inbox.JdbcInbox;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.TestPools;
import io.steadfast.testkit.TestDatabases;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The inbox consumer that {@link InboxFaultTest} SIGKILLs, on the test PostgreSQL: it stores and
 * acks every message, but its handlers never finish (each hangs), so it dies after the acks and
 * before any handler took effect.
 *
 * <p>Arguments: inbox table, proxy endpoint, group, topic, lease in milliseconds.
 */
public final class InboxChild {
  private InboxChild() {}

  public static void main(String[] args) throws Exception {
    JdbcInbox inbox =
        JdbcInbox.builder(TestPools.open(TestDatabases.postgres(), 4)).table(args[0]).build();
    CountDownLatch never = new CountDownLatch(1);
    Steadfast.inboxConsumer(
        Definitions.single(args[2], args[3], OrderEvent.class, (e, ctx, tx) -> never.await()),
        InboxConfig.builder(ClientSettings.builder(args[1]).build(), inbox)
            .threads(2)
            .lease(Duration.ofMillis(Long.parseLong(args[4])))
            .build());
    System.out.println("inbox consumer started");
    never.await(); // until SIGKILL
  }
}
