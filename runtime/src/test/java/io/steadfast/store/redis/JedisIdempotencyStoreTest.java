package io.steadfast.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.RedisCluster;
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
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Redis-specific behaviour: owner-checked transitions on vanishing records, the eviction and
 * timeout checks at build, restarts, footprint, AUTH, replicas, key layout, failures.
 */
class JedisIdempotencyStoreTest {
  private static final Logger LOG = LoggerFactory.getLogger(JedisIdempotencyStoreTest.class);
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration SHORT_LEASE = Duration.ofMillis(200);
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** Owner tokens are 16 hex digits: records stay small. */
  @Test
  void ownerTokensAreShort() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build()) {
      assertThat(store.claim("billing", "order-1", LEASE).claim().owner()).matches("[0-9a-f]{16}");
      assertThat(store.claimAll("billing", List.of("order-2"), LEASE).get(0).claim().owner())
          .matches("[0-9a-f]{16}");
    }
  }

  /**
   * Redis expires a lapsed lease: the record is gone, so a completion after it answers false even
   * though nobody re-claimed the key, and creates nothing (the engine re-claims to decide).
   */
  @Test
  void completionAfterTheLeaseExpiredAnswersFalseAndCreatesNothing() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      Claim claim = store.claim("billing", "order-1", SHORT_LEASE).claim();
      String record = store.recordKey("billing", "order-1");
      await().atMost(PATIENCE).until(() -> !jedis.exists(record));

      assertThat(store.complete(claim, RETENTION)).isFalse();
      assertThat(store.completeAll(List.of(claim), RETENTION)).containsExactly(false);
      assertThat(jedis.exists(record)).isFalse();
      assertThat(store.claim("billing", "order-1", LEASE).status()).isEqualTo(ClaimStatus.ACQUIRED);
    }
  }

  /** A completion retried because its first reply was lost answers true and changes nothing. */
  @Test
  void completionRetriedAfterSuccessAnswersTrue() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      Claim claim = store.claim("billing", "order-1", LEASE).claim();
      String record = store.recordKey("billing", "order-1");
      assertThat(store.complete(claim, RETENTION)).isTrue();
      long ttl = jedis.pttl(record);

      assertThat(store.complete(claim, RETENTION)).as("retried completion").isTrue();
      assertThat(store.completeAll(List.of(claim), RETENTION))
          .as("retried in a batch")
          .containsExactly(true);
      assertThat(store.release(claim)).as("releasing a DONE record").isFalse();
      assertThat(jedis.get(record)).isEqualTo("D:" + claim.owner());
      assertThat(jedis.pttl(record)).isBetween(ttl - PATIENCE.toMillis(), ttl);
      assertThat(store.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
    }
  }

  /**
   * After a takeover the stale owner can change nothing, before or after its successor completes.
   */
  @Test
  void staleOwnerAfterTakeoverCannotCompleteAndLeavesTheSuccessorsRecordAlone() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      Claim stale = store.claim("billing", "order-1", SHORT_LEASE).claim();
      Claim successor =
          await()
              .atMost(PATIENCE)
              .until(() -> store.claim("billing", "order-1", LEASE), ClaimResult::acquired)
              .claim();
      String record = store.recordKey("billing", "order-1");

      assertThat(store.complete(stale, RETENTION)).as("stale complete").isFalse();
      assertThat(store.renew(stale, RETENTION)).as("stale renew").isFalse();
      assertThat(store.release(stale)).as("stale release").isFalse();
      assertThat(jedis.get(record)).isEqualTo("P:" + successor.owner());
      assertThat(jedis.pttl(record)).isGreaterThan(LEASE.minus(PATIENCE).toMillis());

      assertThat(store.completeAll(List.of(stale, successor), RETENTION))
          .containsExactly(false, true);
      assertThat(store.complete(stale, RETENTION))
          .as("stale complete after the successor's")
          .isFalse();
      assertThat(store.release(stale))
          .as("stale release after the successor's completion")
          .isFalse();
      assertThat(jedis.get(record)).isEqualTo("D:" + successor.owner());
    }
  }

  @Test
  void renewNeverTurnsDoneBackIntoProcessing() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      Claim claim = store.claim("billing", "order-1", SHORT_LEASE).claim();
      String record = store.recordKey("billing", "order-1");
      assertThat(store.renew(claim, LEASE)).isTrue();
      assertThat(jedis.pttl(record)).isGreaterThan(LEASE.minus(PATIENCE).toMillis());
      assertThat(store.complete(claim, RETENTION)).isTrue();

      assertThat(store.renew(claim, SHORT_LEASE)).as("renewing a DONE record").isFalse();
      assertThat(jedis.get(record)).isEqualTo("D:" + claim.owner());
      assertThat(jedis.pttl(record)).isGreaterThan(RETENTION.minus(PATIENCE).toMillis());
      assertThat(store.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
    }
  }

  /** A DONE record written before DONE carried its owner (plain "D") is still a duplicate. */
  @Test
  void legacyDoneRecordIsADuplicate() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      String record = store.recordKey("billing", "old");
      jedis.set(record, "D", SetParams.setParams().px(RETENTION.toMillis()));

      assertThat(store.claim("billing", "old", LEASE).status()).isEqualTo(ClaimStatus.DUPLICATE);
      assertThat(store.claimAll("billing", List.of("old"), LEASE).get(0).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
      assertThat(store.complete(new Claim("billing", "old", "0123456789abcdef"), RETENTION))
          .isFalse();
      assertThat(jedis.get(record)).isEqualTo("D");
    }
  }

  /** Defect 10: any eviction policy can evict DONE and PROCESSING records (all have TTLs). */
  @Test
  void evictionPolicyIsRefusedUnlessExplicitlyAllowed() {
    try (RedisServer redis = RedisServer.startLocal("--maxmemory-policy", "allkeys-lru")) {
      assertRefusedUnlessEvictionAllowed(
          redis,
          "maxmemory-policy is allkeys-lru",
          "CONFIG SET maxmemory-policy noeviction",
          "redis.conf");
    }
  }

  /**
   * CONFIG renamed away, as managed services do: the policy cannot be checked, so it is refused.
   */
  @Test
  void unreadableEvictionPolicyIsRefusedUnlessExplicitlyAllowed() {
    try (RedisServer redis =
        RedisServer.startLocal("--rename-command", "CONFIG", "hidden-config")) {
      assertRefusedUnlessEvictionAllowed(
          redis, "maxmemory-policy cannot be read", "unknown command", "provider's settings");
    }
  }

  /** Every cluster node is checked, not just the one the client was given. */
  @Test
  void evictionPolicyIsCheckedOnEveryClusterNode() {
    try (RedisCluster cluster = RedisCluster.start(3)) {
      String last = cluster.nodes().get(2);
      try (Jedis node = new Jedis(HostAndPort.from(last))) {
        node.configSet("maxmemory-policy", "volatile-lru");
      }
      assertThatThrownBy(
              () -> JedisIdempotencyStore.builder().cluster(cluster.nodes().subList(0, 1)).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maxmemory-policy is volatile-lru on " + last)
          .hasMessageNotContaining("on " + cluster.nodes().get(0));
    }
  }

  /**
   * Defect 10: a WAIT that replies after the socket timeout fails every completion after DONE was
   * written. Refused before connecting, whatever the order of the builder calls.
   */
  @Test
  void waitTimeoutMustStayBelowTheSocketTimeout() {
    String nowhere = "redis://127.0.0.1:1";
    assertThatThrownBy(
            () ->
                JedisIdempotencyStore.builder()
                    .standalone(nowhere)
                    .waitForReplicas(1, Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("waitForReplicas timeout (2000 ms)")
        .hasMessageContaining("timeout (2000 ms)")
        .hasMessageContaining("Fix: lower the waitForReplicas timeout or raise timeout(...)");
    assertThatThrownBy(
            () ->
                JedisIdempotencyStore.builder()
                    .standalone(nowhere)
                    .waitForReplicas(1, Duration.ofSeconds(5))
                    .timeout(Duration.ofSeconds(3))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timeout (3000 ms)");
    assertThatThrownBy(
            () ->
                JedisIdempotencyStore.builder()
                    .standalone(nowhere)
                    .timeout(Duration.ofSeconds(2))
                    .waitForReplicas(1, Duration.ofMillis(1900))
                    .build())
        .as("WAIT replies up to 1/hz late: a margin is required")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 200 ms below");
  }

  /**
   * With no replica to acknowledge, the largest accepted WAIT still replies within the socket
   * timeout: the completion answers true (and logs a warning) instead of failing.
   */
  @Test
  void unacknowledgedWaitWithinTheSocketTimeoutStillCompletes() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder()
                .standalone(redis.uri())
                .timeout(Duration.ofMillis(700))
                .waitForReplicas(1, Duration.ofMillis(500))
                .build()) {
      Claim claim = store.claim("billing", "order-1", LEASE).claim();
      assertThat(store.complete(claim, RETENTION)).isTrue();
      assertThat(store.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
    }
  }

  /**
   * Documents (not hides) what Redis without persistence does: a restart forgets every DONE record,
   * so a message redelivered afterwards is claimed, and processed, again. The first call after the
   * restart may fail (dead pooled connection): the store fails closed.
   */
  @Test
  void restartWithoutPersistenceForgetsDoneRecords() {
    try (RedisServer redis = RedisServer.startLocal();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build()) {
      Claim claim = store.claim("billing", "order-1", LEASE).claim();
      assertThat(store.complete(claim, RETENTION)).isTrue();
      assertThat(store.claim("billing", "order-1", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);

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
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
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
      List<Claim> claims =
          new ArrayList<>(
              store.claimAll("billing", keys, LEASE).stream().map(ClaimResult::claim).toList());
      Claim stale = claims.set(700, new Claim("billing", "bulk-700", "not-the-owner"));
      assertThat(stale).isNotNull();
      List<Boolean> completed = store.completeAll(claims, RETENTION);
      assertThat(completed).hasSize(1_100);
      assertThat(completed.indexOf(false)).isEqualTo(700);
      assertThat(completed.lastIndexOf(false)).isEqualTo(700);
      assertThat(store.claim("billing", "bulk-1099", LEASE).status())
          .isEqualTo(ClaimStatus.DUPLICATE);
      assertThat(store.claim("billing", "bulk-700", LEASE).status())
          .isEqualTo(ClaimStatus.IN_PROGRESS);
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
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      List<Long> sizes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String key = String.format("order-%034d", i); // 40 bytes
        store.complete(store.claim("billing", key, LEASE).claim(), RETENTION);
        sizes.add(jedis.memoryUsage(store.recordKey("billing", key), 0));
      }
      long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
      LOG.info(
          "MEMORY USAGE of a DONE record (40-byte key, key prefix 'steadfast:', group"
              + " 'billing', PX TTL): max {} bytes over {} records",
          max,
          sizes.size());
      assertThat(max).isPositive().isLessThanOrEqualTo(200);
    }
  }

  @Test
  void authWithUserAndPasswordWorksAndWrongPasswordNeverLeaks() {
    String password = "s3cret-Pa55-word";
    try (RedisServer redis =
        RedisServer.startLocal(
            "--user", "default", "off", "--user", "dedup", "on", ">" + password, "~*", "+@all")) {
      try (JedisIdempotencyStore store =
          JedisIdempotencyStore.builder()
              .standalone(redis.uri())
              .credentials("dedup", password)
              .build()) {
        assertThat(store.claim("billing", "k", LEASE).acquired()).isTrue();
      }
      String wrong = "wrong-Pa55-word";
      assertThatThrownBy(
              () ->
                  JedisIdempotencyStore.builder()
                      .standalone(redis.uri())
                      .credentials("dedup", wrong)
                      .build())
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertNoSecretIn(e, wrong));
      assertThatThrownBy(
              () ->
                  JedisIdempotencyStore.builder()
                      .standalone(
                          "redis://dedup:" + wrong + "@" + redis.host() + ":" + redis.port())
                      .build())
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertNoSecretIn(e, wrong));
    }
  }

  @Test
  void waitForReplicasMakesTheReplicaHoldTheDoneRecordAlsoAfterScriptFlush() {
    try (RedisServer master = RedisServer.startLocal();
        RedisServer replica =
            RedisServer.startLocal("--replicaof", "127.0.0.1", String.valueOf(master.port()));
        Jedis replicaClient = new Jedis(replica.host(), replica.port());
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder()
                .standalone(master.uri())
                .timeout(Duration.ofSeconds(11))
                .waitForReplicas(1, Duration.ofSeconds(10))
                .build()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> replicaClient.info("replication").contains("master_link_status:up"));
      List<Claim> claims =
          store.claimAll("billing", List.of("a", "b", "c"), LEASE).stream()
              .map(ClaimResult::claim)
              .toList();
      assertThat(store.completeAll(claims, RETENTION)).containsExactly(true, true, true);
      for (Claim claim : claims) {
        assertThat(replicaClient.get(store.recordKey("billing", claim.key())))
            .isEqualTo("D:" + claim.owner());
      }

      // A completion the master refused with NOSCRIPT runs after the pipeline's WAIT: it waits
      // again.
      try (Jedis masterClient = new Jedis(master.host(), master.port())) {
        masterClient.scriptFlush();
      }
      Claim late = store.claim("billing", "d", LEASE).claim();
      assertThat(store.complete(late, RETENTION)).isTrue();
      assertThat(replicaClient.get(store.recordKey("billing", "d"))).isEqualTo("D:" + late.owner());
    }
  }

  @Test
  void keysLiveUnderPrefixAndGroupAndLongKeysAreHashed() {
    try (RedisServer redis = RedisServer.start();
        UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      String prefix = RedisKeys.uniquePrefix();
      try (JedisIdempotencyStore store =
          JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build()) {
        String longKey = "x".repeat(5000);
        store.claimAll("billing", List.of("short key", longKey), LEASE);
        assertThat(store.recordKey("billing", "short key"))
            .isEqualTo(prefix + "billing:k:short key");
        assertThat(store.recordKey("billing", longKey))
            .startsWith(prefix + "billing:h:")
            .hasSize(prefix.length() + "billing:h:".length() + 64);
        assertThat(jedis.get(prefix + "billing:k:short key")).startsWith("P:");
        assertThat(jedis.exists(store.recordKey("billing", longKey))).isTrue();
      } finally {
        RedisKeys.deleteAll(jedis, prefix);
      }
    }
  }

  /** The eviction check needs the server: a store is not built without it (fail closed). */
  @Test
  void unreachableServerFailsClosed() {
    assertThatThrownBy(
            () ->
                JedisIdempotencyStore.builder()
                    .standalone("redis://127.0.0.1:1")
                    .timeout(Duration.ofMillis(500))
                    .build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void badPrefixIsRefused() {
    assertThatThrownBy(() -> JedisIdempotencyStore.builder().keyPrefix("bad prefix*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key prefix");
  }

  /**
   * A store on {@code redis} is refused with a message naming the server, the opt-out and every one
   * of {@code parts}; with {@code allowEviction(true)} it is built and works.
   */
  private static void assertRefusedUnlessEvictionAllowed(RedisServer redis, String... parts) {
    assertThatThrownBy(() -> JedisIdempotencyStore.builder().standalone(redis.uri()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at " + redis.host() + ":" + redis.port())
        .hasMessageContaining("allowEviction(true)")
        .satisfies(e -> assertThat(e.getMessage()).contains(parts));
    try (JedisIdempotencyStore store =
        JedisIdempotencyStore.builder().standalone(redis.uri()).allowEviction(true).build()) {
      assertThat(store.claim("billing", "order-1", LEASE).acquired()).isTrue();
    }
  }

  private static void assertNoSecretIn(Throwable error, String secret) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      assertThat(t.toString()).doesNotContain(secret);
    }
  }
}
