package io.steadfast.store.redis;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.DedupKeys;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.StoreUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Dedup records in Redis (7.0+), standalone or Redis Cluster, through Jedis's {@link
 * UnifiedJedis}.
 *
 * <p>A record is one string key {@code <prefix><group>:k:<key>} (keys longer than 200 UTF-8 bytes
 * become {@code <prefix><group>:h:<sha-256 hex>}; the original is then not kept, to keep records
 * small). Its value is {@code P:<owner>} while PROCESSING and {@code D:<owner>} once DONE (the
 * owner is 16 hex digits, to keep records small); its TTL is the lease or the retention, so Redis
 * expires both and no purge is needed. A claim is one atomic {@code SET key P:<owner> NX PX lease
 * GET}: it either creates the record or returns the current one, so an expired lease (a vanished
 * key) is taken over by the next claim. Complete, renew and release are owner-checked Lua scripts
 * (shipped as resources; keys and values travel as KEYS/ARGV, never inside the script source;
 * called by SHA-1). Batches take one pipeline: claims are one {@code SET} per key, completions one
 * script call for the whole batch on a standalone server (one per hash slot on a cluster).
 *
 * <p>Ownership is decided by the token: a completion succeeds on a record PROCESSING or already
 * DONE by its owner. A lease that expired is a vanished record here, so its completion answers
 * false even if nobody re-claimed the key.
 *
 * <p>{@link Builder#build()} refuses a Redis whose {@code maxmemory-policy} may evict records
 * (unless {@link Builder#allowEviction}). Durability is Redis's: a server without AOF forgets
 * records on restart, and a failover to an asynchronously replicated replica can lose recent ones
 * (see {@link Builder#waitForReplicas} and docs/stores.md). Then a redelivered message is
 * processed again.
 */
public final class JedisIdempotencyStore implements IdempotencyStore {

  private static final Logger LOG = LoggerFactory.getLogger(JedisIdempotencyStore.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_:.{}-]{0,64}");
  private static final int MAX_PLAIN_KEY_BYTES = 200;
  /** Start of a DONE value: {@code D:<owner>}, or a plain {@code D} from before owners were kept. */
  private static final String DONE = "D";
  private static final int MAX_KEYS_PER_SCRIPT = 512;
  /** Redis answers WAIT up to about 1/hz after its timeout (~100 ms at the default hz 10, measured). */
  private static final Duration WAIT_REPLY_MARGIN = Duration.ofMillis(200);
  private static final SecureRandom OWNERS = new SecureRandom();
  private static final LuaScript COMPLETE = LuaScript.load("complete.lua");
  private static final LuaScript COMPARE_AND_EXPIRE = LuaScript.load("compare-and-expire.lua");
  private static final LuaScript COMPARE_AND_DELETE = LuaScript.load("compare-and-delete.lua");

  private final UnifiedJedis jedis;
  private final boolean ownsJedis;
  private final String prefix;
  private final String where;
  private final int waitReplicas;
  private final Duration waitTimeout;

  private JedisIdempotencyStore(Builder builder, UnifiedJedis jedis, boolean ownsJedis) {
    this.jedis = jedis;
    this.ownsJedis = ownsJedis;
    this.prefix = builder.prefix;
    this.where = builder.where;
    this.waitReplicas = builder.waitReplicas;
    this.waitTimeout = builder.waitTimeout;
  }

  /** Starts configuring a store. */
  public static Builder builder() {
    return new Builder();
  }

  /** One {@code SET ... NX PX ... GET} call (no pipeline). */
  @Override
  public ClaimResult claim(String group, String key, Duration lease) {
    DedupKeys.checkPositive(lease, "lease");
    String recordKey = recordKey(group, key);
    String owner = newOwner();
    SetParams params = SetParams.setParams().nx().px(lease.toMillis());
    return call("claim", () -> answer(jedis.setGet(recordKey, processing(owner), params), group, key, owner));
  }

  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    DedupKeys.checkGroup(group);
    Objects.requireNonNull(keys, "keys");
    keys.forEach(DedupKeys::checkKey);
    DedupKeys.checkPositive(lease, "lease");
    String owner = newOwner();
    String processing = processing(owner);
    SetParams params = SetParams.setParams().nx().px(lease.toMillis());
    return call("claim", () -> {
      Map<String, Response<String>> responses = new LinkedHashMap<>();
      try (AbstractPipeline pipeline = jedis.pipelined()) {
        for (String key : keys) {
          // Same key twice in one batch: only the first copy is sent (and may be ACQUIRED).
          responses.computeIfAbsent(key, k -> pipeline.setGet(recordKey(group, k), processing, params));
        }
        pipeline.sync();
      }
      Set<String> answered = new HashSet<>();
      List<ClaimResult> results = new ArrayList<>(keys.size());
      for (String key : keys) {
        if (!answered.add(key)) {
          results.add(ClaimResult.inProgress());
          continue;
        }
        results.add(answer(responses.get(key).get(), group, key, owner));
      }
      return results;
    });
  }

  /** The claim's answer from the value the record held before the {@code SET NX GET}. */
  private static ClaimResult answer(String previous, String group, String key, String owner) {
    if (previous == null) {
      return ClaimResult.acquired(new Claim(group, key, owner));
    }
    return previous.startsWith(DONE) ? ClaimResult.duplicate() : ClaimResult.inProgress();
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
    DedupKeys.checkPositive(retention, "retention");
    List<String> keys = new ArrayList<>(claims.size());
    List<String> owners = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      keys.add(recordKey(claim.group(), claim.key()));
      owners.add(claim.owner());
    }
    return call("complete", () -> complete(keys, owners, retention));
  }

  @Override
  public boolean release(Claim claim) {
    String key = recordKey(claim.group(), claim.key());
    return call("release", () -> Long.valueOf(1L).equals(
        COMPARE_AND_DELETE.eval(jedis, List.of(key), List.of(processing(claim.owner())))));
  }

  /** Sets the TTL of a record PROCESSING by this owner; a DONE record is never touched. */
  @Override
  public boolean renew(Claim claim, Duration lease) {
    return renewAll(List.of(claim), lease).get(0);
  }

  /** One owner-checked script call per claim, all in one pipeline. */
  @Override
  public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    DedupKeys.checkPositive(lease, "lease");
    String ttl = String.valueOf(lease.toMillis());
    List<List<String>> keys = new ArrayList<>(claims.size());
    List<List<String>> args = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      keys.add(List.of(recordKey(claim.group(), claim.key())));
      args.add(List.of(processing(claim.owner()), ttl));
    }
    return call("renew", () -> {
      List<Response<Object>> responses = new ArrayList<>(claims.size());
      try (AbstractPipeline pipeline = jedis.pipelined()) {
        for (int i = 0; i < claims.size(); i++) {
          responses.add(COMPARE_AND_EXPIRE.queue(pipeline, keys.get(i), args.get(i)));
        }
        pipeline.sync();
      }
      List<Boolean> renewed = new ArrayList<>(claims.size());
      for (int i = 0; i < claims.size(); i++) {
        Object reply =
            LuaScript.refused(responses.get(i))
                ? COMPARE_AND_EXPIRE.evalSource(jedis, keys.get(i), args.get(i))
                : responses.get(i).get();
        renewed.add(Long.valueOf(1L).equals(reply));
      }
      return renewed;
    });
  }

  /**
   * Completes {@code keys[i]} for {@code owners[i]} (see complete.lua): one script call per hash
   * slot, all in one pipeline, then {@code WAIT} if configured.
   */
  private List<Boolean> complete(List<String> keys, List<String> owners, Duration retention) {
    String ttlMillis = String.valueOf(retention.toMillis());
    // One script call per slot (a cluster refuses scripts whose keys span slots), each bounded so
    // it never blocks the server for long.
    List<List<Integer>> calls = new ArrayList<>();
    Map<Integer, List<Integer>> filling = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      int slot = jedis instanceof JedisCluster ? JedisClusterCRC16.getSlot(keys.get(i)) : 0;
      List<Integer> call = filling.get(slot);
      if (call == null || call.size() == MAX_KEYS_PER_SCRIPT) {
        call = new ArrayList<>();
        filling.put(slot, call);
        calls.add(call);
      }
      call.add(i);
    }
    List<List<String>> callKeys = new ArrayList<>(calls.size());
    List<List<String>> callArgs = new ArrayList<>(calls.size());
    List<Response<Object>> responses = new ArrayList<>(calls.size());
    List<Response<Long>> waits = new ArrayList<>();
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (List<Integer> call : calls) {
        List<String> k = new ArrayList<>(call.size());
        List<String> a = new ArrayList<>(call.size() + 2);
        for (int i : call) {
          k.add(keys.get(i));
          a.add(owners.get(i));
        }
        a.add(ttlMillis);
        callKeys.add(k);
        callArgs.add(a);
        responses.add(COMPLETE.queue(pipeline, k, a));
      }
      if (waitReplicas > 0) {
        // Queued after all writes on each connection written (one key per slot routes it there),
        // so it covers them all.
        for (List<String> k : callKeys) {
          waits.add(pipeline.waitReplicas(k.get(0), waitReplicas, waitTimeout.toMillis()));
        }
      }
      pipeline.sync();
    }
    for (Response<Long> wait : waits) {
      checkReplicas(wait.get());
    }
    Boolean[] done = new Boolean[keys.size()];
    for (int c = 0; c < calls.size(); c++) {
      Object reply;
      if (LuaScript.refused(responses.get(c))) {
        // Runs after the pipeline's WAIT, so it needs a WAIT of its own.
        reply = COMPLETE.evalSource(jedis, callKeys.get(c), callArgs.get(c));
        if (waitReplicas > 0) {
          checkReplicas(jedis.waitReplicas(callKeys.get(c).get(0), waitReplicas, waitTimeout.toMillis()));
        }
      } else {
        reply = responses.get(c).get();
      }
      List<?> flags = (List<?>) reply;
      List<Integer> call = calls.get(c);
      for (int j = 0; j < call.size(); j++) {
        done[call.get(j)] = Long.valueOf(1L).equals(flags.get(j));
      }
    }
    return List.of(done);
  }

  private void checkReplicas(long acked) {
    if (acked < waitReplicas) {
      LOG.warn("DONE records reached {} of {} replicas within {}; a failover now could forget"
          + " them and let a redelivered message be processed again", acked, waitReplicas, waitTimeout);
    }
  }

  /** The Redis key that holds the record of {@code key} in {@code group}. */
  public String recordKey(String group, String key) {
    DedupKeys.checkGroup(group);
    DedupKeys.checkKey(key);
    boolean plain = key.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_KEY_BYTES;
    return prefix + group + (plain ? ":k:" + key : ":h:" + DedupKeys.sha256Hex(key));
  }

  /** Closes the connections if the store created them. */
  @Override
  public void close() {
    if (ownsJedis) {
      jedis.close();
    }
  }

  /** 64 random bits as 16 hex digits: unique enough for one key's claims, and small. */
  private static String newOwner() {
    return HexFormat.of().toHexDigits(OWNERS.nextLong());
  }

  private static String processing(String owner) {
    return "P:" + owner;
  }

  private <T> T call(String operation, Supplier<T> work) {
    return call(where, operation, work);
  }

  private static <T> T call(String where, String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (JedisException e) {
      throw new StoreUnavailableException("Redis dedup store " + where + " failed to " + operation, e);
    }
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
    private String where = "";
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
      if (connections < 1) {
        throw new IllegalArgumentException("connections must be >= 1");
      }
      this.connections = connections;
      return this;
    }

    /**
     * Bounds every call: connect timeout, socket (read) timeout, and the wait for a free pooled
     * connection; default 2 s. On a cluster, Jedis retries a call (redirections, failed nodes) up
     * to 5 attempts within 5 times this timeout.
     */
    public Builder timeout(Duration timeout) {
      DedupKeys.checkPositive(timeout, "timeout");
      this.timeout = timeout;
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
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0");
      }
      DedupKeys.checkPositive(timeout, "timeout");
      this.waitReplicas = replicas;
      this.waitTimeout = timeout;
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
     * Connects (unless given a client), checks {@code maxmemory-policy} on every server (see
     * {@link #allowEviction}) and returns the store.
     *
     * @throws IllegalStateException if the configuration is incomplete or unsafe: no or several
     *     servers, a WAIT timeout too close to the socket timeout, an eviction policy
     * @throws StoreUnavailableException if a server cannot be reached
     */
    public JedisIdempotencyStore build() {
      if (jedis != null) {
        where = "(given client)";
        checkEviction(jedis);
        return new JedisIdempotencyStore(this, jedis, false);
      }
      if ((uri == null) == (clusterNodes == null)) {
        throw new IllegalStateException("configure exactly one of standalone(uri), cluster(nodes), jedis(client)");
      }
      if (waitReplicas > 0 && waitTimeout.plus(WAIT_REPLY_MARGIN).compareTo(timeout) > 0) {
        throw new IllegalStateException("waitForReplicas timeout (" + waitTimeout.toMillis()
            + " ms) must be at least " + WAIT_REPLY_MARGIN.toMillis() + " ms below timeout ("
            + timeout.toMillis() + " ms): Redis answers WAIT up to 1/hz after its timeout, and a"
            + " reply after the socket timeout fails the completion although DONE was written."
            + " Fix: lower the waitForReplicas timeout or raise timeout(...)");
      }
      DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
          .timeoutMillis((int) timeout.toMillis())
          .ssl(ssl || (uri != null && JedisURIHelper.isRedisSSLScheme(uri)))
          .sslSocketFactory(sslSocketFactory);
      String authUser = user;
      String authPassword = password;
      if (uri != null && authPassword == null) {
        authUser = JedisURIHelper.getUser(uri);
        authPassword = JedisURIHelper.getPassword(uri);
      }
      if (authPassword != null) {
        config.user(authUser).password(authPassword);
      }
      // Jedis's default pool (8 connections, 8 idle) makes more than 8 consumer threads queue
      // for a connection and closes what it cannot keep idle. Borrowing blocks (Jedis's default)
      // for at most the timeout.
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      pool.setMaxTotal(connections);
      pool.setMaxIdle(connections);
      pool.setMaxWait(timeout);
      UnifiedJedis client;
      if (uri != null) {
        HostAndPort hostAndPort = JedisURIHelper.getHostAndPort(uri);
        where = "at " + hostAndPort;
        config.database(JedisURIHelper.getDBIndex(uri));
        client = new JedisPooled(hostAndPort, config.build(), pool);
      } else {
        where = "at cluster " + clusterNodes;
        client = call(where, "connect",
            () -> new JedisCluster(new HashSet<>(clusterNodes), config.build(), 5, pool));
      }
      try {
        checkEviction(client);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      LOG.info("Redis dedup store {} (key prefix '{}', TLS {}, AUTH {})", where, prefix,
          config.build().isSsl(), authPassword != null);
      return new JedisIdempotencyStore(this, client, true);
    }

    private void checkEviction(UnifiedJedis client) {
      call(where, "connect and check maxmemory-policy", () -> {
        EvictionPolicyCheck.run(client, where, allowEviction);
        return null;
      });
    }
  }
}
