package io.steadfast.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the SQL store adds to the common contract: the transactional form on a caller's session
 * (dedup row and business row commit or roll back together), no aborted transaction on a duplicate,
 * and the purge. Each subclass runs it on one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final String business = TestDatabases.uniqueName("business");
  protected MyBatisIdempotencyStore store;
  private String group;

  /** Creates the store under test (once per class) with its table created. */
  protected abstract MyBatisIdempotencyStore createStore() throws Exception;

  /** Drops the store's table and closes what the subclass opened. */
  protected abstract void cleanUp() throws Exception;

  @BeforeAll
  void start() throws Exception {
    store = createStore();
    execute("CREATE TABLE " + business + " (id VARCHAR(64) PRIMARY KEY)");
  }

  @AfterAll
  void stop() throws Exception {
    execute("DROP TABLE " + business);
    store.close();
    cleanUp();
  }

  @BeforeEach
  void newGroup() {
    group = "tx-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void handlerFailureRollsBackBusinessRowAndClaim() throws Exception {
    String key = group + "-order";
    try (SqlSession tx = store.openSession()) {
      assertThat(store.claim(tx, group, key, LEASE).status()).isEqualTo(ClaimStatus.ACQUIRED);
      insertBusinessRow(tx, key);
      assertThatThrownBy(() -> handlerThatFails()).isInstanceOf(IllegalStateException.class);
      tx.rollback();
    }
    assertThat(businessRows(key)).isZero();
    assertThat(store.claim(group, key, LEASE).status())
        .as("the rolled-back claim left the key free")
        .isEqualTo(ClaimStatus.ACQUIRED);
  }

  @Test
  void commitMakesBusinessRowAndDoneRecordAppearTogether() throws Exception {
    String key = group + "-order";
    try (SqlSession tx = store.openSession()) {
      ClaimResult claimed = store.claim(tx, group, key, LEASE);
      assertThat(claimed.acquired()).isTrue();
      insertBusinessRow(tx, key);
      assertThat(store.complete(tx, claimed.claim(), LEASE)).isTrue();
      tx.commit();
    }
    assertThat(businessRows(key)).isEqualTo(1);
    assertThat(store.claim(group, key, LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void duplicateInsideTransactionLeavesItUsable() throws Exception {
    Claim done = store.claim(group, "seen", LEASE).claim();
    store.complete(done, LEASE);
    String other = group + "-other";
    try (SqlSession tx = store.openSession()) {
      assertThat(store.claim(tx, group, "seen", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
      // On PostgreSQL a unique violation would have aborted the transaction (25P02) here.
      insertBusinessRow(tx, other);
      tx.commit();
    }
    assertThat(businessRows(other)).isEqualTo(1);
  }

  @Test
  void rolledBackTakeoverLeavesTheKeyClaimable() {
    store.claim(group, "crashed", SHORT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              try (SqlSession tx = store.openSession()) {
                boolean acquired = store.claim(tx, group, "crashed", LEASE).acquired();
                tx.rollback();
                return acquired;
              }
            });
    assertThat(store.claim(group, "crashed", LEASE).status()).isEqualTo(ClaimStatus.ACQUIRED);
  }

  @Test
  void closeWithoutCommitRollsBack() throws Exception {
    String key = group + "-abandoned";
    try (SqlSession tx = store.openSession()) {
      assertThat(store.claim(tx, group, key, LEASE).acquired()).isTrue();
      insertBusinessRow(tx, key); // plain JDBC: MyBatis sees no writes of its own
    }
    assertThat(businessRows(key)).isZero();
    assertThat(store.claim(group, key, LEASE).status()).isEqualTo(ClaimStatus.ACQUIRED);
  }

  @Test
  void purgeDeletesExpiredRecordsOnly() throws Exception {
    Claim expiring = store.claim(group, "expiring", LEASE).claim();
    store.complete(expiring, SHORT);
    Claim kept = store.claim(group, "kept", LEASE).claim();
    store.complete(kept, LEASE);
    store.claim(group, "processing", LEASE);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.purgeExpired() >= 0 && dedupRows() == 2);
    assertThat(store.claim(group, "kept", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
    assertThat(store.claim(group, "processing", LEASE).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
  }

  @Test
  void purgeDeletesMoreThanOneChunk() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < MyBatisIdempotencyStore.PURGE_CHUNK + 50; i++) {
      keys.add("bulk-" + i);
    }
    store.claimAll(group, keys, SHORT); // leases that lapse: PROCESSING rows due for the purge
    Claim kept = store.claim(group, "kept", LEASE).claim();
    store.complete(kept, LEASE);

    Thread.sleep(SHORT.multipliedBy(3).toMillis());

    // One call deletes every chunk (other tests' expired rows of the same table may add to it).
    assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(keys.size());
    assertThat(dedupRows()).isEqualTo(1);
    assertThat(store.claim(group, "kept", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void createTableIsIdempotent() {
    MyBatisIdempotencyStore again = reopenWithCreateTable();
    assertThat(again.claim(group, "k", LEASE).acquired()).isTrue();
    assertThat(store.claim(group, "k", LEASE).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
  }

  /** A builder of a second store on the same database and table. */
  protected abstract MyBatisIdempotencyStore.Builder sameTable();

  private MyBatisIdempotencyStore reopenWithCreateTable() {
    return sameTable().createTable(true).build();
  }

  @Test
  void consumerWhoseClockRunsAheadNeitherTakesOverNorPurgesALiveLease() {
    Claim live = store.claim(group, "live", Duration.ofSeconds(30)).claim();
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(90));
    MyBatisIdempotencyStore skewed = sameTable().clock(ahead).build();

    assertThat(skewed.claim(group, "live", LEASE).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
    skewed.purgeExpired();
    assertThat(store.complete(live, LEASE)).isTrue();
    assertThat(skewed.claim(group, "live", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void lapsedClaimThatNobodyTookIsStillItsOwners() throws Exception {
    Claim lapsed = store.claim(group, "lapsed", SHORT).claim();
    Thread.sleep(SHORT.multipliedBy(3).toMillis()); // the lease runs out; nobody claims meanwhile

    assertThat(store.renew(lapsed, LEASE)).isTrue();
    assertThat(store.complete(lapsed, LEASE)).isTrue();
    assertThat(store.claim(group, "lapsed", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
  }

  @Test
  void stalledDatabaseFailsACallWithinTheStatementTimeout() {
    MyBatisIdempotencyStore impatient = sameTable().statementTimeout(Duration.ofSeconds(1)).build();
    try (SqlSession tx = store.openSession()) {
      // An open transaction holds the row: the second claim has to wait for it.
      assertThat(store.claim(tx, group, "locked", LEASE).acquired()).isTrue();
      assertTimeoutPreemptively(
          Duration.ofSeconds(8),
          () ->
              assertThatThrownBy(() -> impatient.claim(group, "locked", LEASE))
                  .isInstanceOf(StoreUnavailableException.class));
      tx.rollback();
    }
  }

  private static void handlerThatFails() {
    throw new IllegalStateException("handler failed after its insert");
  }

  private void insertBusinessRow(SqlSession tx, String id) throws SQLException {
    try (PreparedStatement insert =
        tx.getConnection().prepareStatement("INSERT INTO " + business + " (id) VALUES (?)")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
  }

  private int businessRows(String id) throws SQLException {
    return count("SELECT COUNT(*) FROM " + business + " WHERE id = ?", id);
  }

  private int dedupRows() throws SQLException {
    return count("SELECT COUNT(*) FROM " + store.table() + " WHERE group_name = ?", group);
  }

  private int count(String sql, String parameter) throws SQLException {
    try (SqlSession session = store.openSession();
        PreparedStatement query = session.getConnection().prepareStatement(sql)) {
      query.setString(1, parameter);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (SqlSession session = store.openSession()) {
      Connection connection = session.getConnection();
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      connection.commit();
    }
  }
}
