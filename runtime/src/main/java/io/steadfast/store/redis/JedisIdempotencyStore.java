package io.steadfast.store.redis;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.DedupKeys;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
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
 * small). Its value is {@code P:<owner>} while PROCESSING and {@code D} once DONE; its TTL is the
 * lease or the retention, so Redis expires both and no purge is needed. A claim is one atomic
 * {@code SET key P:<owner> NX PX lease GET}: it either creates the record or returns the current
 * one, so an expired lease (a vanished key) is taken over by the next claim. Complete, renew and
 * release are compare-and-set / compare-and-delete Lua scripts (shipped as resources; keys and
 * values travel as KEYS/ARGV, never inside the script source). Batches are pipelined: one round
 * trip per node on a cluster, since each record is a single key.
 *
 * <p>Durability is Redis's: a server without AOF forgets records on restart, and a failover to an
 * asynchronously replicated replica can lose recent ones (see {@link Builder#waitForReplicas} and
 * docs/stores.md). Then a redelivered message is processed again.
 */
public final class JedisIdempotencyStore implements IdempotencyStore {

  private static final Logger LOG = LoggerFactory.getLogger(JedisIdempotencyStore.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_:.{}-]{0,64}");
  private static final int MAX_PLAIN_KEY_BYTES = 200;
  private static final String DONE = "D";
  private static final String COMPARE_AND_SET = script("compare-and-set.lua");
  private static final String COMPARE_AND_DELETE = script("compare-and-delete.lua");

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
    String owner = UUID.randomUUID().toString();
    SetParams params = SetParams.setParams().nx().px(lease.toMillis());
    return call("claim", () -> answer(jedis.setGet(recordKey, processing(owner), params), group, key, owner));
  }

  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    DedupKeys.checkGroup(group);
    Objects.requireNonNull(keys, "keys");
    keys.forEach(DedupKeys::checkKey);
    DedupKeys.checkPositive(lease, "lease");
    String owner = UUID.randomUUID().toString();
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
    return DONE.equals(previous) ? ClaimResult.duplicate() : ClaimResult.inProgress();
  }

  /** One compare-and-set script call, or a pipeline with {@code WAIT} if configured. */
  @Override
  public boolean complete(Claim claim, Duration retention) {
    if (waitReplicas > 0) {
      return completeAll(List.of(claim), retention).get(0);
    }
    DedupKeys.checkPositive(retention, "retention");
    String key = recordKey(claim.group(), claim.key());
    List<String> args = List.of(processing(claim.owner()), DONE, String.valueOf(retention.toMillis()));
    return call("complete", () -> Long.valueOf(1L).equals(jedis.eval(COMPARE_AND_SET, List.of(key), args)));
  }

  /**
   * Completes every claim in one pipeline; with {@link Builder#waitForReplicas} a {@code WAIT}
   * follows the writes on the same connection(s): once on a standalone server, once per hash slot
   * written on a cluster.
   */
  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    DedupKeys.checkPositive(retention, "retention");
    String ttl = String.valueOf(retention.toMillis());
    return call("complete", () -> {
      List<Response<Object>> responses = new ArrayList<>(claims.size());
      List<Response<Long>> waits = new ArrayList<>();
      try (AbstractPipeline pipeline = jedis.pipelined()) {
        // One key per hash slot (cluster) or just the last key (standalone) routes a WAIT to
        // every connection written; it is queued after all writes, so it covers them all.
        Map<Integer, String> waitKeys = new LinkedHashMap<>();
        for (Claim claim : claims) {
          String key = recordKey(claim.group(), claim.key());
          responses.add(pipeline.eval(COMPARE_AND_SET, List.of(key),
              List.of(processing(claim.owner()), DONE, ttl)));
          if (waitReplicas > 0) {
            waitKeys.put(jedis instanceof JedisCluster ? JedisClusterCRC16.getSlot(key) : 0, key);
          }
        }
        for (String key : waitKeys.values()) {
          waits.add(pipeline.waitReplicas(key, waitReplicas, waitTimeout.toMillis()));
        }
        pipeline.sync();
      }
      for (Response<Long> wait : waits) {
        long acked = wait.get();
        if (acked < waitReplicas) {
          LOG.warn("DONE records reached {} of {} replicas within {}; a failover now could forget"
              + " them and let a redelivered message be processed again", acked, waitReplicas, waitTimeout);
        }
      }
      return responses.stream().map(r -> Long.valueOf(1L).equals(r.get())).toList();
    });
  }

  @Override
  public boolean release(Claim claim) {
    String key = recordKey(claim.group(), claim.key());
    return call("release", () -> Long.valueOf(1L).equals(
        jedis.eval(COMPARE_AND_DELETE, List.of(key), List.of(processing(claim.owner())))));
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    DedupKeys.checkPositive(lease, "lease");
    String key = recordKey(claim.group(), claim.key());
    String value = processing(claim.owner());
    return call("renew", () -> Long.valueOf(1L).equals(jedis.eval(
        COMPARE_AND_SET, List.of(key), List.of(value, value, String.valueOf(lease.toMillis())))));
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

  private static String processing(String owner) {
    return "P:" + owner;
  }

  private <T> T call(String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (JedisException e) {
      throw new StoreUnavailableException("Redis dedup store " + where + " failed to " + operation, e);
    }
  }

  private static String script(String name) {
    String resource = "io/steadfast/store/redis/" + name;
    try (InputStream in = JedisIdempotencyStore.class.getClassLoader().getResourceAsStream(resource)) {
      String text = new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
      // EVAL sends the script with every call: leave the comment lines in the resource only.
      return text.replaceAll("(?m)^--.*\n", "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
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

    /** Connect and socket timeout; default 2 s. */
    public Builder timeout(Duration timeout) {
      DedupKeys.checkPositive(timeout, "timeout");
      this.timeout = timeout;
      return this;
    }

    /**
     * After completing, run {@code WAIT replicas timeout} on the connection that wrote the DONE
     * records, and log a warning when fewer replicas acknowledged; default off.
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

    /** Connects (unless given a client) and returns the store. */
    public JedisIdempotencyStore build() {
      if (jedis != null) {
        where = "(given client)";
        return new JedisIdempotencyStore(this, jedis, false);
      }
      if ((uri == null) == (clusterNodes == null)) {
        throw new IllegalStateException("configure exactly one of standalone(uri), cluster(nodes), jedis(client)");
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
      UnifiedJedis client;
      if (uri != null) {
        HostAndPort hostAndPort = JedisURIHelper.getHostAndPort(uri);
        where = "at " + hostAndPort;
        config.database(JedisURIHelper.getDBIndex(uri));
        client = new UnifiedJedis(hostAndPort, config.build());
      } else {
        where = "at cluster " + clusterNodes;
        client = new JedisCluster(new HashSet<>(clusterNodes), config.build(), 5);
      }
      LOG.info("Redis dedup store {} (key prefix '{}', TLS {}, AUTH {})", where, prefix,
          config.build().isSsl(), authPassword != null);
      return new JedisIdempotencyStore(this, client, true);
    }
  }
}
