package io.steadfast.store.redis;

import io.steadfast.internal.Checks;
import io.steadfast.internal.Digests;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.CompletedAndClaimed;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.StoreUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Dedup records in Redis (7.0+), standalone or Redis Cluster, through Jedis's {@link UnifiedJedis}.
 *
 * <p>A record is one string key {@code <prefix><group>:k:<key>} (keys longer than 200 UTF-8 bytes
 * become {@code <prefix><group>:h:<sha-256 hex>}; the original is then not kept, to keep records
 * small). Its value names its state and owner; its TTL is the lease or the retention, so Redis
 * expires both and no purge is needed. A claim is one atomic {@code SET NX GET}, so an expired
 * lease (a vanished key) is taken over by the next claim; complete, renew and release are
 * owner-checked Lua scripts; a batch takes one pipeline (details: docs/stores.md).
 *
 * <p>Ownership is decided by the token: a completion succeeds on a record PROCESSING or already
 * DONE by its owner. A lease that expired is a vanished record here, so its completion answers
 * false even if nobody re-claimed the key.
 *
 * <p>{@link Builder#build()} refuses a Redis whose {@code maxmemory-policy} may evict records
 * (unless {@link Builder#allowEviction}). Durability is Redis's: a server without AOF forgets
 * records on restart, and a failover to an asynchronously replicated replica can lose recent ones
 * (see {@link Builder#waitForReplicas} and docs/stores.md). Then a redelivered message is processed
 * again.
 */
public final class JedisIdempotencyStore implements IdempotencyStore {

  private static final Logger LOG = LoggerFactory.getLogger(JedisIdempotencyStore.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_:.{}-]{0,64}");
  private static final int MAX_PLAIN_KEY_BYTES = 200;

  private final JedisClients.Client client;
  private final String prefix;
  private final RedisRecords records;
  private final SlotBatchedCompletion completion;

  private JedisIdempotencyStore(Builder builder, JedisClients.Client client) {
    this.client = client;
    this.prefix = builder.prefix;
    this.records = new RedisRecords(client.jedis());
    this.completion =
        new SlotBatchedCompletion(client.jedis(), builder.waitReplicas, builder.waitTimeout);
  }

  /**
   * Starts configuring a store.
   *
   * @throws IllegalStateException naming the artifact to add when Jedis is not on the classpath
   *     (steadfast-runtime declares it optional)
   */
  public static Builder builder() {
    requireJedis();
    return new Builder();
  }

  /** Fails with the fix, instead of a NoClassDefFoundError from deep inside the builder. */
  private static void requireJedis() {
    try {
      Class.forName(
          "redis.clients.jedis.UnifiedJedis", false, JedisIdempotencyStore.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The Redis store needs Jedis on the classpath: add the dependency redis.clients:jedis"
              + " (8.0.2, the version Steadfast is tested with; 7.0 or newer); steadfast-runtime declares it"
              + " optional",
          e);
    }
  }

  /** One {@code SET ... NX PX ... GET} call (no pipeline). */
  @Override
  public ClaimResult claim(String group, String key, Duration lease) {
    Checks.positive(lease, "lease");
    String recordKey = recordKey(group, key);
    String owner = RedisRecords.newOwner();
    return call(
        "claim", () -> ClaimKeys.answer(records.claim(recordKey, owner, lease), group, key, owner));
  }

  /** One pipeline of {@code SET ... NX PX ... GET}, one per distinct key. */
  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    ClaimKeys claims = new ClaimKeys(group, keys, lease, this::recordKey);
    List<String> previous =
        call("claim", () -> records.claimAll(claims.recordKeys(), claims.owner(), lease));
    return claims.answers(previous);
  }

  /**
   * The completions' script calls and the claims' {@code SET NX GET}s in one pipeline: one round
   * trip (per node on a cluster). The completions are queued first; one the server refused
   * (NOSCRIPT, after a script cache flush) runs again after the claims.
   */
  @Override
  public CompletedAndClaimed completeAllAndClaimAll(
      List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
    Checks.positive(retention, "retention");
    List<String> doneKeys = recordKeys(done);
    List<String> owners = done.stream().map(Claim::owner).toList();
    ClaimKeys claims = new ClaimKeys(group, keys, lease, this::recordKey);
    return call(
        "complete and claim",
        () -> {
          SlotBatchedCompletion.Queued completed;
          List<Response<String>> claimed;
          try (AbstractPipeline pipeline = client.jedis().pipelined()) {
            completed = completion.queue(pipeline, doneKeys, owners, retention);
            claimed =
                RedisRecords.queueClaims(pipeline, claims.recordKeys(), claims.owner(), lease);
            pipeline.sync();
          }
          return new CompletedAndClaimed(
              completed.results(), claims.answers(RedisRecords.values(claimed)));
        });
  }

  /** {@link #completeAll} of one claim: one script call, plus {@code WAIT} if configured. */
  @Override
  public boolean complete(Claim claim, Duration retention) {
    return completeAll(List.of(claim), retention).get(0);
  }

  /**
   * Completes every claim with one script call per hash slot (one call in all on a standalone
   * server), sent in one pipeline; with {@link Builder#waitForReplicas} a {@code WAIT} follows the
   * writes on the same connection(s): once on a standalone server, once per hash slot written on a
   * cluster. True for a claim whose record is DONE by its owner afterwards (also when it already
   * was: a retried completion); false if the record is gone or another owner's.
   */
  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    Checks.positive(retention, "retention");
    List<String> keys = recordKeys(claims);
    List<String> owners = claims.stream().map(Claim::owner).toList();
    return call("complete", () -> completion.complete(keys, owners, retention));
  }

  @Override
  public boolean release(Claim claim) {
    String recordKey = recordKey(claim.group(), claim.key());
    return call("release", () -> records.release(recordKey, claim.owner()));
  }

  /** Sets the TTL of a record PROCESSING by this owner; a DONE record is never touched. */
  @Override
  public boolean renew(Claim claim, Duration lease) {
    return renewAll(List.of(claim), lease).get(0);
  }

  /** One owner-checked script call per claim, all in one pipeline. */
  @Override
  public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    Checks.positive(lease, "lease");
    List<String> keys = recordKeys(claims);
    List<String> owners = claims.stream().map(Claim::owner).toList();
    return call("renew", () -> records.renewAll(keys, owners, lease));
  }

  /** The Redis key that holds the record of {@code key} in {@code group}. */
  public String recordKey(String group, String key) {
    Checks.consumerGroup(group);
    Checks.dedupKey(key);
    boolean plain = key.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_KEY_BYTES;
    return prefix + group + (plain ? ":k:" + key : ":h:" + Digests.sha256Hex(key));
  }

  /** Closes the connections if the store created them. */
  @Override
  public void close() {
    if (client.owned()) {
      client.jedis().close();
    }
  }

  private List<String> recordKeys(List<Claim> claims) {
    return claims.stream().map(claim -> recordKey(claim.group(), claim.key())).toList();
  }

  private <T> T call(String operation, Supplier<T> work) {
    return JedisClients.call(client.where(), operation, work);
  }

  /** Configures a {@link JedisIdempotencyStore}. Credentials never appear in logs or messages. */
  public static final class Builder {
    private URI uri;
    private List<HostAndPort> clusterNodes;
    private UnifiedJedis jedis;
    private String user;
    private String password;
    private boolean ssl;
    private SSLSocketFactory sslSocketFactory;
    private String prefix = "steadfast:";
    private int waitReplicas;
    private Duration waitTimeout = Duration.ZERO;
    private Duration timeout = Duration.ofSeconds(2);
    private int connections = 32;
    private boolean allowEviction;

    private Builder() {}

    /**
     * A standalone server, {@code redis://host:port[/db]} or {@code rediss://} for TLS. User and
     * password in the URI are used like {@link #credentials}; prefer {@link #credentials} with
     * values from the environment.
     */
    public Builder standalone(String uri) {
      URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
      if (!JedisURIHelper.isValid(parsed)) {
        throw new IllegalArgumentException("not a redis:// or rediss:// URI with host and port");
      }
      this.uri = parsed;
      return this;
    }

    /** A Redis Cluster, reached through any of {@code nodes} ({@code host:port}). */
    public Builder cluster(List<String> nodes) {
      if (nodes == null || nodes.isEmpty()) {
        throw new IllegalArgumentException("a cluster needs at least one node host:port");
      }
      this.clusterNodes = nodes.stream().map(HostAndPort::from).toList();
      return this;
    }

    /**
     * An existing client; the store will not close it. For a cluster pass a {@link JedisCluster}
     * (its pipelines route each command to its node; a plain {@code UnifiedJedis} does not).
     */
    public Builder jedis(UnifiedJedis jedis) {
      this.jedis = Objects.requireNonNull(jedis, "jedis");
      return this;
    }

    /** AUTH user (null for the default user) and password, e.g. from environment variables. */
    public Builder credentials(String user, String password) {
      this.user = user;
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Use TLS (also implied by a {@code rediss://} URI); the JVM's trust store applies. */
    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    /** Use TLS through {@code factory} (e.g. with your own trust store or client certificate). */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      this.sslSocketFactory = Objects.requireNonNull(factory, "factory");
      this.ssl = true;
      return this;
    }

    /** Prefix of every record key (letters, digits, {@code _:.{}-}); default {@code steadfast:}. */
    public Builder keyPrefix(String prefix) {
      if (prefix == null || !PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException("key prefix must match [A-Za-z0-9_:.{}-]{0,64}");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Pooled connections (per node on a cluster); default 32: one per consumption thread (4 by
     * default) plus lease renewals, with room for more threads or consumers sharing the store. A
     * call that finds them all busy waits up to the {@link #timeout} and then fails (the consumer
     * fails closed).
     */
    public Builder connections(int connections) {
      this.connections = Checks.atLeast(connections, 1, "connections");
      return this;
    }

    /**
     * Bounds every call: connect timeout, socket (read) timeout, and the wait for a free pooled
     * connection; default 2 s. On a cluster, Jedis retries a call (redirections, failed nodes) up
     * to 5 attempts within 5 times this timeout.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /**
     * After completing, run {@code WAIT replicas timeout} on the connection that wrote the DONE
     * records, and log a warning when fewer replicas acknowledged; default off. The WAIT timeout
     * must be at least 200 ms below {@link #timeout} (Redis answers WAIT up to 1/hz late), else
     * {@link #build} refuses: a WAIT reply after the socket timeout would fail every completion
     * whose replicas lag, after DONE was written.
     */
    public Builder waitForReplicas(int replicas, Duration timeout) {
      this.waitReplicas = Checks.atLeast(replicas, 0, "replicas");
      this.waitTimeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /**
     * Builds even when {@code maxmemory-policy} is not {@code noeviction}, or cannot be read
     * ({@code CONFIG} disabled, as on many managed Redis services: verify the policy there
     * yourself). Records can then be evicted and their messages processed again; every start logs a
     * warning. Default false: {@link #build} refuses.
     */
    public Builder allowEviction(boolean allowEviction) {
      this.allowEviction = allowEviction;
      return this;
    }

    /**
     * Connects (unless given a client), checks {@code maxmemory-policy} on every server (see {@link
     * #allowEviction}) and returns the store.
     *
     * @throws IllegalStateException if the configuration is incomplete or unsafe: no or several
     *     servers, a WAIT timeout too close to the socket timeout, an eviction policy
     * @throws StoreUnavailableException if a server cannot be reached
     */
    public JedisIdempotencyStore build() {
      if (jedis != null) {
        return new JedisIdempotencyStore(this, JedisClients.given(jedis, allowEviction));
      }
      if ((uri == null) == (clusterNodes == null)) {
        throw new IllegalStateException(
            "configure exactly one of standalone(uri), cluster(nodes), jedis(client)");
      }
      SlotBatchedCompletion.checkWaitFits(waitReplicas, waitTimeout, timeout);
      JedisClients.Client client =
          JedisClients.connect(
              new JedisClients.Settings(
                  uri,
                  clusterNodes,
                  user,
                  password,
                  ssl,
                  sslSocketFactory,
                  timeout,
                  connections,
                  allowEviction));
      LOG.info(
          "Redis dedup store {} (key prefix '{}', TLS {}, AUTH {})",
          client.where(),
          prefix,
          client.tls(),
          client.auth());
      return new JedisIdempotencyStore(this, client);
    }
  }
}
