package io.steadfast.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/** Redis-specific behaviour: restarts, footprint, AUTH, replicas, key layout, failures. */
class JedisIdempotencyStoreTest {
  private static final Logger LOG = LoggerFactory.getLogger(JedisIdempotencyStoreTest.class);
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration RETENTION = Duration.ofDays(7);

  /**
   * Documents (not hides) what Redis without persistence does: a restart forgets every DONE
   * record, so a message redelivered afterwards is claimed, and processed, again. The first call
   * after the restart may fail (dead pooled connection): the store fails closed.
   */
  @Test
  void restartWithoutPersistenceForgetsDoneRecords() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build()) {
      Claim claim = store.claim("billing", "order-1", LEASE).claim();
      assertThat(store.complete(claim, RETENTION)).isTrue();
      assertThat(store.claim("billing", "order-1", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);

      redis.restart();

      ClaimResult afterRestart =
          await()
              .atMost(Duration.ofSeconds(20))
              .ignoreException(StoreUnavailableException.class)
              .until(() -> store.claim("billing", "order-1", LEASE), r -> true);
      assertThat(afterRestart.status())
          .as("the DONE record is gone: the duplicate would be processed again")
          .isEqualTo(ClaimStatus.ACQUIRED);
    }
  }

  /**
   * Scripts are called by SHA-1: after {@code SCRIPT FLUSH} (or on a new server) the first call
   * gets NOSCRIPT, runs the script by source instead and reports the real outcome, single and
   * batched; a batch larger than one script call's bound is split and answered per key.
   */
  @Test
  void scriptsRunAfterScriptFlushAndLargeBatchesAreSplit() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = new UnifiedJedis(URI.create(redis.uri()))) {
      Claim first = store.claim("billing", "order-1", LEASE).claim();
      Claim second = store.claim("billing", "order-2", LEASE).claim();
      jedis.scriptFlush();
      assertThat(store.renew(first, LEASE)).isTrue();
      jedis.scriptFlush();
      assertThat(store.completeAll(List.of(first, second), RETENTION)).containsExactly(true, true);
      jedis.scriptFlush();
      assertThat(store.release(store.claim("billing", "order-3", LEASE).claim())).isTrue();

      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 1_100; i++) {
        keys.add("bulk-" + i);
      }
      List<Claim> claims = new ArrayList<>(
          store.claimAll("billing", keys, LEASE).stream().map(ClaimResult::claim).toList());
      Claim stale = claims.set(700, new Claim("billing", "bulk-700", "not-the-owner"));
      assertThat(stale).isNotNull();
      List<Boolean> completed = store.completeAll(claims, RETENTION);
      assertThat(completed).hasSize(1_100);
      assertThat(completed.indexOf(false)).isEqualTo(700);
      assertThat(completed.lastIndexOf(false)).isEqualTo(700);
      assertThat(store.claim("billing", "bulk-1099", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
      assertThat(store.claim("billing", "bulk-700", LEASE).status()).isEqualTo(ClaimStatus.IN_PROGRESS);
    }
  }

  /** More callers than pooled connections wait for one instead of failing. */
  @Test
  void callersShareABoundedPool() throws Exception {
    assertThatThrownBy(() -> JedisIdempotencyStore.builder().connections(0))
        .isInstanceOf(IllegalArgumentException.class);
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).connections(2).build()) {
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<Future<ClaimStatus>> claims = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String key = "order-" + i;
        claims.add(callers.submit(() -> store.claim("billing", key, LEASE).status()));
      }
      for (Future<ClaimStatus> claim : claims) {
        assertThat(claim.get()).isEqualTo(ClaimStatus.ACQUIRED);
      }
      callers.shutdown();
    }
  }

  /** A DONE record for a 40-byte key, with the default prefix and a 7-byte group. */
  @Test
  void doneRecordCostsAtMost200Bytes() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = new UnifiedJedis(URI.create(redis.uri()))) {
      List<Long> sizes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String key = String.format("order-%034d", i); // 40 bytes
        store.complete(store.claim("billing", key, LEASE).claim(), RETENTION);
        sizes.add(jedis.memoryUsage(store.recordKey("billing", key), 0));
      }
      long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
      LOG.info("MEMORY USAGE of a DONE record (40-byte key, key prefix 'steadfast:', group"
          + " 'billing', PX TTL): max {} bytes over {} records", max, sizes.size());
      assertThat(max).isPositive().isLessThanOrEqualTo(200);
    }
  }

  @Test
  void authWithUserAndPasswordWorksAndWrongPasswordNeverLeaks() {
    String password = "s3cret-Pa55-word";
    try (RedisServer redis = RedisServer.startLocal(
        "--user", "default", "off", "--user", "dedup", "on", ">" + password, "~*", "+@all")) {
      try (JedisIdempotencyStore store = JedisIdempotencyStore.builder()
          .standalone(redis.uri()).credentials("dedup", password).build()) {
        assertThat(store.claim("billing", "k", LEASE).acquired()).isTrue();
      }
      String wrong = "wrong-Pa55-word";
      try (JedisIdempotencyStore store = JedisIdempotencyStore.builder()
          .standalone(redis.uri()).credentials("dedup", wrong).build()) {
        assertThatThrownBy(() -> store.claim("billing", "k", LEASE))
            .isInstanceOf(StoreUnavailableException.class)
            .satisfies(e -> assertNoSecretIn(e, wrong));
      }
      try (JedisIdempotencyStore store = JedisIdempotencyStore.builder()
          .standalone("redis://dedup:" + wrong + "@" + redis.host() + ":" + redis.port()).build()) {
        assertThatThrownBy(() -> store.claim("billing", "k", LEASE))
            .isInstanceOf(StoreUnavailableException.class)
            .satisfies(e -> assertNoSecretIn(e, wrong));
      }
    }
  }

  @Test
  void waitForReplicasMakesTheReplicaHoldTheDoneRecordAlsoAfterScriptFlush() {
    try (RedisServer master = RedisServer.startLocal();
        RedisServer replica =
            RedisServer.startLocal("--replicaof", "127.0.0.1", String.valueOf(master.port()));
        Jedis replicaClient = new Jedis(replica.host(), replica.port());
        JedisIdempotencyStore store = JedisIdempotencyStore.builder()
            .standalone(master.uri())
            .waitForReplicas(1, Duration.ofSeconds(10))
            .build()) {
      await().atMost(Duration.ofSeconds(20))
          .until(() -> replicaClient.info("replication").contains("master_link_status:up"));
      List<Claim> claims = store.claimAll("billing", List.of("a", "b", "c"), LEASE).stream()
          .map(ClaimResult::claim).toList();
      assertThat(store.completeAll(claims, RETENTION)).containsExactly(true, true, true);
      for (Claim claim : claims) {
        assertThat(replicaClient.get(store.recordKey("billing", claim.key()))).isEqualTo("D");
      }

      // A completion the master refused with NOSCRIPT runs after the pipeline's WAIT: it waits again.
      try (Jedis masterClient = new Jedis(master.host(), master.port())) {
        masterClient.scriptFlush();
      }
      Claim late = store.claim("billing", "d", LEASE).claim();
      assertThat(store.complete(late, RETENTION)).isTrue();
      assertThat(replicaClient.get(store.recordKey("billing", "d"))).isEqualTo("D");
    }
  }

  @Test
  void keysLiveUnderPrefixAndGroupAndLongKeysAreHashed() {
    try (RedisServer redis = RedisServer.start();
        UnifiedJedis jedis = new UnifiedJedis(URI.create(redis.uri()))) {
      String prefix = RedisKeys.uniquePrefix();
      try (JedisIdempotencyStore store =
          JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build()) {
        String longKey = "x".repeat(5000);
        store.claimAll("billing", List.of("short key", longKey), LEASE);
        assertThat(store.recordKey("billing", "short key")).isEqualTo(prefix + "billing:k:short key");
        assertThat(store.recordKey("billing", longKey)).startsWith(prefix + "billing:h:").hasSize(
            prefix.length() + "billing:h:".length() + 64);
        assertThat(jedis.get(prefix + "billing:k:short key")).startsWith("P:");
        assertThat(jedis.exists(store.recordKey("billing", longKey))).isTrue();
      } finally {
        RedisKeys.deleteAll(jedis, prefix);
      }
    }
  }

  @Test
  void unreachableServerFailsClosed() {
    try (JedisIdempotencyStore store = JedisIdempotencyStore.builder()
        .standalone("redis://127.0.0.1:1").timeout(Duration.ofMillis(500)).build()) {
      assertThatThrownBy(() -> store.claim("billing", "k", LEASE))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("127.0.0.1:1");
    }
  }

  @Test
  void badPrefixIsRefused() {
    assertThatThrownBy(() -> JedisIdempotencyStore.builder().keyPrefix("bad prefix*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key prefix");
  }

  private static void assertNoSecretIn(Throwable error, String secret) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      assertThat(t.toString()).doesNotContain(secret);
    }
  }
}
