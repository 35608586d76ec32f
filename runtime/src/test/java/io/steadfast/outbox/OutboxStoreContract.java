package io.steadfast.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.codec.JsonCodec;
import io.steadfast.produce.OutgoingMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The outbox table's operations on one database (a subclass per dialect): rows appear only when
 * their transaction commits, claims lease disjoint rows, leases run out, failures are retried or
 * parked and replayed, sent rows leave the backlog and are purged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutboxStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(300);

  protected DataSource dataSource;
  protected JdbcOutbox outbox;

  /** A data source on the database under test. */
  protected abstract DataSource openDataSource() throws Exception;

  /** The table name to use (unique per run on shared servers). */
  protected abstract String table();

  /** Drops the table and closes what the subclass opened. */
  protected abstract void cleanUp() throws Exception;

  @BeforeAll
  void start() throws Exception {
    dataSource = openDataSource();
    outbox = JdbcOutbox.builder(dataSource).table(table()).createTable(true).build();
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

  private static OutgoingMessage order(String id) {
    return OutgoingMessage.builder("orders")
        .tag("created")
        .key(id)
        .key("customer 7")
        .payload(new Order(id, 3))
        .build();
  }

  record Order(String id, int lines) {}

  private void enqueueCommitted(OutgoingMessage... messages) throws SQLException {
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      for (OutgoingMessage m : messages) {
        outbox.enqueue(tx, m);
      }
      tx.commit();
    }
  }

  @Test
  void aRolledBackEnqueueLeavesNothingAndACommittedOneIsClaimedAsEnqueued() throws Exception {
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      outbox.enqueue(tx, order("rolled-back"));
      assertThat(outbox.claim(10, LEASE)).as("uncommitted rows are not claimable").isEmpty();
      tx.rollback();
    }
    OutgoingMessage sent = order("o-1");
    enqueueCommitted(sent);

    List<OutboxRecord> claimed = outbox.claim(10, LEASE);
    assertThat(claimed).hasSize(1);
    OutboxRecord row = claimed.get(0);
    assertThat(row.steadfastId()).isEqualTo(sent.steadfastId());
    assertThat(row.topic()).isEqualTo("orders");
    assertThat(row.tag()).isEqualTo("created");
    assertThat(row.keys()).containsExactly("o-1", "customer 7");
    assertThat(row.messageGroup()).isNull();
    assertThat(row.deliveryDelay()).isNull();
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(row.payload().contentType()).isEqualTo(new JsonCodec().contentType());
    assertThat(new JsonCodec().decode(row.payload().body(), Order.class))
        .isEqualTo(new Order("o-1", 3));
    assertThat(row.message().steadfastId()).isEqualTo(sent.steadfastId());
    assertThat(outbox.backlog().pending()).isEqualTo(1);
  }

  @Test
  void aClaimHoldsItsRowsUntilTheLeaseRunsOutThenTheSameMessageIsClaimedAgain() throws Exception {
    enqueueCommitted(order("o-1"), order("o-2"));
    List<OutboxRecord> first = outbox.claim(10, SHORT);
    assertThat(first).hasSize(2);
    assertThat(outbox.claim(10, LEASE)).as("leased rows are skipped").isEmpty();

    List<OutboxRecord> again =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> outbox.claim(10, LEASE), r -> !r.isEmpty());
    assertThat(again)
        .extracting(OutboxRecord::steadfastId)
        .containsExactlyElementsOf(first.stream().map(OutboxRecord::steadfastId).toList());
    assertThat(again).allSatisfy(r -> assertThat(r.attempt()).isEqualTo(2));
    assertThat(again.get(0).owner()).isNotEqualTo(first.get(0).owner());
  }

  @Test
  void concurrentClaimsTakeDisjointRowsAndTogetherAllOfThem() throws Exception {
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      messages.add(order("o-" + i));
    }
    enqueueCommitted(messages.toArray(OutgoingMessage[]::new));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<OutboxRecord>>> claims = new ArrayList<>();
      Callable<List<OutboxRecord>> claimAll =
          () -> {
            List<OutboxRecord> mine = new ArrayList<>();
            for (List<OutboxRecord> b = outbox.claim(5, LEASE);
                !b.isEmpty();
                b = outbox.claim(5, LEASE)) {
              mine.addAll(b);
            }
            return mine;
          };
      for (int i = 0; i < 4; i++) {
        claims.add(pool.submit(claimAll));
      }
      Set<String> ids = new HashSet<>();
      int total = 0;
      for (Future<List<OutboxRecord>> claim : claims) {
        for (OutboxRecord r : claim.get()) {
          ids.add(r.steadfastId());
          total++;
        }
      }
      assertThat(total).as("no row claimed twice").isEqualTo(60);
      assertThat(ids).hasSize(60);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sentRowsLeaveTheBacklogAndArePurgedAfterTheRetention() throws Exception {
    enqueueCommitted(order("o-1"), order("o-2"));
    List<OutboxRecord> claimed = outbox.claim(10, SHORT);
    outbox.markSent(claimed.subList(0, 1));
    OutboxBacklog backlog = outbox.backlog();
    assertThat(backlog.pending()).isEqualTo(1);
    assertThat(backlog.parked()).isZero();
    assertThat(outbox.purgeSent(Duration.ofHours(1))).as("within the retention").isZero();
    assertThat(outbox.purgeSent(Duration.ZERO)).isEqualTo(1);
    // The sent row is never claimed again, even after the lease.
    List<OutboxRecord> again =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> outbox.claim(10, LEASE), r -> !r.isEmpty());
    assertThat(again).extracting(OutboxRecord::id).containsExactly(claimed.get(1).id());
  }

  @Test
  void aRetryIsDueAfterItsDelayAndAReleaseIsNotCountedAsAnAttempt() throws Exception {
    enqueueCommitted(order("o-1"));
    OutboxRecord row = outbox.claim(1, LEASE).get(0);
    outbox.retryLater(row, SHORT, "broker down");
    assertThat(outbox.claim(1, LEASE)).as("not due before the delay").isEmpty();
    OutboxRecord retried =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> outbox.claim(1, LEASE), r -> !r.isEmpty())
            .get(0);
    assertThat(retried.attempt()).isEqualTo(2);
    outbox.release(retried, Duration.ZERO);
    assertThat(outbox.claim(1, LEASE).get(0).attempt()).isEqualTo(2);
  }

  @Test
  void aStaleOwnerChangesNothing() throws Exception {
    enqueueCommitted(order("o-1"));
    OutboxRecord stale = outbox.claim(1, SHORT).get(0);
    OutboxRecord current =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> outbox.claim(1, LEASE), r -> !r.isEmpty())
            .get(0);
    outbox.park(stale, "stale owner");
    outbox.retryLater(stale, Duration.ZERO, "stale owner");
    assertThat(outbox.parked(10)).isEmpty();
    assertThat(outbox.claim(1, LEASE)).as("still leased to the current owner").isEmpty();
    outbox.markSent(List.of(current));
    assertThat(outbox.backlog().pending()).isZero();
  }

  @Test
  void aParkedRowIsListedWithItsReasonAndAReplaySendsItAgainWithItsId() throws Exception {
    OutgoingMessage message = order("o-1");
    enqueueCommitted(message);
    OutboxRecord row = outbox.claim(1, LEASE).get(0);
    outbox.park(row, "topic does not exist");

    assertThat(outbox.claim(1, LEASE)).isEmpty();
    List<ParkedMessage> parked = outbox.parked(10);
    assertThat(parked).hasSize(1);
    assertThat(parked.get(0).reason()).isEqualTo("topic does not exist");
    assertThat(parked.get(0).steadfastId()).isEqualTo(message.steadfastId());
    assertThat(parked.get(0).keys()).containsExactly("o-1", "customer 7");
    assertThat(outbox.backlog().parked()).isEqualTo(1);

    assertThat(outbox.replay(row.id())).isTrue();
    assertThat(outbox.replay(row.id())).as("no longer parked").isFalse();
    OutboxRecord replayed = outbox.claim(1, LEASE).get(0);
    assertThat(replayed.steadfastId()).isEqualTo(message.steadfastId());
    assertThat(replayed.attempt()).isEqualTo(1);
  }

  @Test
  void aGroupRowWaitsForEarlierPendingRowsOfItsGroupOnly() throws Exception {
    OutgoingMessage.Builder fifo = OutgoingMessage.builder("orders").messageGroup("customer-7");
    enqueueCommitted(
        fifo.payload("first").build(),
        OutgoingMessage.builder("orders").messageGroup("customer-7").payload("second").build(),
        OutgoingMessage.builder("orders").messageGroup("customer-8").payload("other").build());
    List<OutboxRecord> rows = outbox.claim(10, LEASE);
    assertThat(rows).hasSize(3);
    assertThat(outbox.hasEarlierPendingInGroup(rows.get(0))).isFalse();
    assertThat(outbox.hasEarlierPendingInGroup(rows.get(1))).isTrue();
    assertThat(outbox.hasEarlierPendingInGroup(rows.get(2))).isFalse();
    outbox.markSent(List.of(rows.get(0)));
    assertThat(outbox.hasEarlierPendingInGroup(rows.get(1))).isFalse();
  }

  @Test
  void aDelayCountsFromTheEnqueue() throws Exception {
    enqueueCommitted(
        OutgoingMessage.builder("reminders")
            .deliveryDelay(Duration.ofHours(1))
            .payload("x")
            .build());
    Duration left = outbox.claim(1, LEASE).get(0).deliveryDelay();
    assertThat(left).isLessThanOrEqualTo(Duration.ofHours(1)).isGreaterThan(Duration.ofMinutes(59));
  }
}
