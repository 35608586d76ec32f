package io.steadfast.samples.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.jdbc.SqlDialect;
import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;

/**
 * The billing consumer's PostgreSQL and Redis configurations against the real servers: the payment
 * and the dedup record commit together (PostgreSQL), and a second claim of a done order is a
 * duplicate (both).
 */
class BillingStoresTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void postgresPaymentAndDedupRecordCommitTogether() throws Exception {
    DatabaseSettings pg = TestDatabases.postgres().requireReachable();
    String schema = TestDatabases.uniqueName("billing");
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url =
        pg.jdbcUrl() + (pg.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try {
      SqlSessionFactory payments = BillingStores.payments(url, pg.user(), pg.password());
      MyBatisIdempotencyStore store = BillingStores.sql(payments);
      assertThat(store.dialect()).isEqualTo(SqlDialect.POSTGRESQL);

      // A rolled-back handler leaves neither payment nor claim.
      try (SqlSession tx = store.openSession()) {
        ClaimResult claim = store.claim(tx, "billing", "order-1", LEASE);
        assertThat(claim.status()).isEqualTo(ClaimStatus.ACQUIRED);
        tx.getMapper(PaymentMapper.class).insert("run", "order-1", 100, 1);
        tx.rollback(true);
      }
      // A committed one leaves both; the next copy is a duplicate.
      try (SqlSession tx = store.openSession()) {
        ClaimResult claim = store.claim(tx, "billing", "order-1", LEASE);
        assertThat(claim.status()).isEqualTo(ClaimStatus.ACQUIRED);
        tx.getMapper(PaymentMapper.class).insert("run", "order-1", 100, 1);
        assertThat(store.complete(tx, claim.claim(), Duration.ofDays(1))).isTrue();
        tx.commit(true);
      }
      assertThat(store.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
      try (SqlSession s = payments.openSession(true)) {
        assertThat(s.getMapper(PaymentMapper.class).paidOrderIds("run")).containsExactly("order-1");
      }
      store.close();
    } finally {
      try (Connection c = pg.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void redisRecordsADoneOrderAsDuplicate() throws Exception {
    try (RedisServer redis = RedisServer.start();
        IdempotencyStore store = BillingStores.redis(redis.uri())) {
      String order = "order-" + UUID.randomUUID();
      ClaimResult claim = store.claim("billing", order, LEASE);
      assertThat(claim.status()).isEqualTo(ClaimStatus.ACQUIRED);
      assertThat(store.complete(claim.claim(), Duration.ofMinutes(1))).isTrue();
      assertThat(store.claim("billing", order, LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
    }
  }
}
