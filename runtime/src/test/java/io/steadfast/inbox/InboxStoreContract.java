package io.steadfast.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The inbox table's operations on one database (a subclass per dialect): a copy is recognised on
 * arrival, claims lease rows, renewals and completion are owner-checked and can join the caller's
 * transaction, failures are retried or parked and replayed, order keys are kept in order when
 * asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String GROUP = "billing";

  protected DataSource dataSource;
  protected JdbcInbox inbox;

  protected abstract DataSource openDataSource() throws Exception;

  protected abstract String table();

  protected abstract void cleanUp() throws Exception;

  @BeforeAll
  void start() throws Exception {
    dataSource = openDataSource();
    inbox = JdbcInbox.builder(dataSource).table(table()).createTable(true).build();
  }

  @AfterAll
  void stop() throws Exception {
    cleanUp();
  }

  @BeforeEach
  void emptyTable() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM " + table());
    }
  }

  private static InboxEntry entry(String key, String orderKey) {
    return new InboxEntry(
        GROUP,
        "orders:*:" + key,
        "msg-" + key,
        "orders",
        "created",
        List.of(key),
        Map.of("steadfast-id", "sf-" + key),
        ("body " + key).getBytes(),
        orderKey);
  }

  @Test
  void aCopyIsRecognisedOnArrivalAlsoAfterItsRowIsDone() {
    assertThat(inbox.store(entry("o-1", null))).isTrue();
    assertThat(inbox.store(entry("o-1", null))).as("a copy while pending").isFalse();
    assertThat(
            inbox.store(
                new InboxEntry(
                    "other-group",
                    "orders:*:o-1",
                    "m",
                    "orders",
                    null,
                    List.of(),
                    Map.of(),
                    new byte[0],
                    null)))
        .as("another group's key space")
        .isTrue();
    InboxRecord row = inbox.claim(GROUP, 10, LEASE, false).get(0);
    assertThat(row.dedupKey()).isEqualTo("orders:*:o-1");
    assertThat(row.messageId()).isEqualTo("msg-o-1");
    assertThat(row.keys()).containsExactly("o-1");
    assertThat(row.properties()).containsEntry("steadfast-id", "sf-o-1");
    assertThat(new String(row.body())).isEqualTo("body o-1");
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(inbox.complete(row, Duration.ofDays(1))).isTrue();
    assertThat(inbox.store(entry("o-1", null))).as("a copy after it was handled").isFalse();
    assertThat(inbox.pending(GROUP)).isZero();
  }

  @Test
  void aClaimHoldsItsRowUntilTheLeaseRunsOutAndAStaleOwnerCannotComplete() {
    inbox.store(entry("o-1", null));
    InboxRecord stale = inbox.claim(GROUP, 10, SHORT, false).get(0);
    assertThat(inbox.claim(GROUP, 10, LEASE, false)).isEmpty();
    InboxRecord current =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> inbox.claim(GROUP, 10, LEASE, false), r -> !r.isEmpty())
            .get(0);
    assertThat(current.attempt()).isEqualTo(2);
    assertThat(inbox.complete(stale, Duration.ofDays(1))).isFalse();
    assertThat(inbox.complete(current, Duration.ofDays(1))).isTrue();
  }

  @Test
  void aRenewalKeepsTheRowItsOwnerHoldsAndIsRefusedOnceAnotherClaimTookIt() throws Exception {
    inbox.store(entry("o-1", null));
    InboxRecord held = inbox.claim(GROUP, 10, SHORT, false).get(0);
    for (int i = 0; i < 4; i++) {
      Thread.sleep(SHORT.toMillis() / 2);
      assertThat(inbox.renew(held, SHORT)).as("renewal %d by the owner", i).isTrue();
      assertThat(inbox.claim(GROUP, 10, LEASE, false)).as("claim after renewal %d", i).isEmpty();
    }
    InboxRecord taker =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> inbox.claim(GROUP, 10, LEASE, false), r -> !r.isEmpty())
            .get(0);
    assertThat(inbox.renew(held, LEASE)).as("renewal after another claim took the row").isFalse();
    assertThat(inbox.complete(held, Duration.ofDays(1))).isFalse();
    assertThat(inbox.complete(taker, Duration.ofDays(1))).isTrue();
  }

  @Test
  void aCompletionInARolledBackTransactionLeavesTheRowPending() throws Exception {
    inbox.store(entry("o-1", null));
    InboxRecord row = inbox.claim(GROUP, 10, SHORT, false).get(0);
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      assertThat(inbox.complete(tx, row, Duration.ofDays(1))).isTrue();
      tx.rollback();
    }
    assertThat(inbox.pending(GROUP)).isEqualTo(1);
    InboxRecord again =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> inbox.claim(GROUP, 10, LEASE, false), r -> !r.isEmpty())
            .get(0);
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      assertThat(inbox.complete(tx, again, Duration.ofDays(1))).isTrue();
      tx.commit();
    }
    assertThat(inbox.pending(GROUP)).isZero();
  }

  @Test
  void aFailedRowIsRetriedLaterOrParkedAndAReplayRunsItAgain() {
    inbox.store(entry("o-1", null));
    InboxRecord row = inbox.claim(GROUP, 10, LEASE, false).get(0);
    inbox.retryLater(row, SHORT, "handler failed");
    assertThat(inbox.claim(GROUP, 10, LEASE, false)).isEmpty();
    InboxRecord retried =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> inbox.claim(GROUP, 10, LEASE, false), r -> !r.isEmpty())
            .get(0);
    inbox.park(retried, "poison");
    List<ParkedInboxMessage> parked = inbox.parked(GROUP, 10);
    assertThat(parked).hasSize(1);
    assertThat(parked.get(0).reason()).isEqualTo("poison");
    assertThat(parked.get(0).attempts()).isEqualTo(2);
    assertThat(inbox.claim(GROUP, 10, LEASE, false)).isEmpty();
    assertThat(inbox.store(entry("o-1", null))).as("a copy of a parked message").isFalse();

    assertThat(inbox.replay(parked.get(0).id())).isTrue();
    assertThat(inbox.claim(GROUP, 10, LEASE, false).get(0).attempt()).isEqualTo(1);
  }

  @Test
  void orderedClaimsTakeOnlyTheOldestPendingRowOfEachOrderKey() {
    inbox.store(entry("a-1", "customer-a"));
    inbox.store(entry("a-2", "customer-a"));
    inbox.store(entry("b-1", "customer-b"));
    inbox.store(entry("free", null));
    List<InboxRecord> first = inbox.claim(GROUP, 10, LEASE, true);
    assertThat(first)
        .extracting(InboxRecord::messageId)
        .containsExactly("msg-a-1", "msg-b-1", "msg-free");
    assertThat(inbox.claim(GROUP, 10, LEASE, true)).as("a-2 waits for a-1").isEmpty();
    inbox.complete(first.get(0), Duration.ofDays(1));
    assertThat(inbox.claim(GROUP, 10, LEASE, true))
        .extracting(InboxRecord::messageId)
        .containsExactly("msg-a-2");
  }

  @Test
  void doneRowsArePurgedAfterTheirRetention() {
    inbox.store(entry("o-1", null));
    inbox.store(entry("o-2", null));
    List<InboxRecord> rows = inbox.claim(GROUP, 10, LEASE, false);
    inbox.complete(rows.get(0), Duration.ofMillis(1));
    inbox.complete(rows.get(1), Duration.ofDays(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.purgeDone() == 1);
    assertThat(inbox.store(entry("o-1", null))).as("past the retention: new again").isTrue();
    assertThat(inbox.store(entry("o-2", null))).isFalse();
  }
}
