package io.steadfast.store.redis;

import io.steadfast.store.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Redis store's clients: a pooled one built from its settings (standalone or cluster, TLS,
 * AUTH), or one the application gave; either is checked for a safe eviction policy before use.
 * Credentials never appear in what this returns or throws.
 */
final class JedisClients {
  /** Cluster calls: Jedis retries redirections and failed nodes up to this many attempts. */
  private static final int CLUSTER_ATTEMPTS = 5;

  /** What {@link JedisIdempotencyStore.Builder} collected; exactly one of uri and clusterNodes. */
  record Settings(
      URI uri,
      List<HostAndPort> clusterNodes,
      String user,
      String password,
      boolean ssl,
      SSLSocketFactory sslSocketFactory,
      Duration timeout,
      int connections,
      boolean allowEviction) {}

  /**
   * A checked client.
   *
   * @param where its servers, for messages and logs
   * @param owned whether the store created it (and so closes it)
   */
  record Client(UnifiedJedis jedis, String where, boolean owned, boolean tls, boolean auth) {}

  private JedisClients() {}

  /** The application's own client: checked, never closed by the store. */
  static Client given(UnifiedJedis jedis, boolean allowEviction) {
    Client client = new Client(jedis, "(given client)", false, false, false);
    checkEviction(client, allowEviction);
    return client;
  }

  /**
   * Connects as {@code settings} say and checks the eviction policy; closes the client again if the
   * check fails.
   *
   * @throws IllegalStateException if the eviction policy is unsafe
   * @throws StoreUnavailableException if a server cannot be reached
   */
  static Client connect(Settings settings) {
    URI uri = settings.uri();
    boolean tls = settings.ssl() || (uri != null && JedisURIHelper.isRedisSSLScheme(uri));
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .timeoutMillis((int) settings.timeout().toMillis())
            .ssl(tls)
            .sslSocketFactory(settings.sslSocketFactory());
    String user = settings.user();
    String password = settings.password();
    if (uri != null && password == null) {
      user = JedisURIHelper.getUser(uri);
      password = JedisURIHelper.getPassword(uri);
    }
    if (password != null) {
      config.user(user).password(password);
    }
    // Jedis's default pool (8 connections, 8 idle) makes more than 8 consumer threads queue
    // for a connection and closes what it cannot keep idle. Borrowing blocks (Jedis's default)
    // for at most the timeout.
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.connections());
    pool.setMaxIdle(settings.connections());
    pool.setMaxWait(settings.timeout());
    Client client;
    if (uri != null) {
      HostAndPort hostAndPort = JedisURIHelper.getHostAndPort(uri);
      config.database(JedisURIHelper.getDBIndex(uri));
      UnifiedJedis pooled =
          RedisClient.builder()
              .hostAndPort(hostAndPort)
              .clientConfig(config.build())
              .poolConfig(pool)
              .build();
      client = new Client(pooled, "at " + hostAndPort, true, tls, password != null);
    } else {
      String where = "at cluster " + settings.clusterNodes();
      UnifiedJedis cluster =
          call(
              where,
              "connect",
              () ->
                  new JedisCluster(
                      new HashSet<>(settings.clusterNodes()),
                      config.build(),
                      CLUSTER_ATTEMPTS,
                      pool));
      client = new Client(cluster, where, true, tls, password != null);
    }
    try {
      checkEviction(client, settings.allowEviction());
    } catch (RuntimeException e) {
      client.jedis().close();
      throw e;
    }
    return client;
  }

  /** Runs {@code work}, turning a Jedis failure into {@link StoreUnavailableException}. */
  static <T> T call(String where, String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (JedisException e) {
      throw new StoreUnavailableException(
          "Redis dedup store " + where + " failed to " + operation, e);
    }
  }

  private static void checkEviction(Client client, boolean allowEviction) {
    call(
        client.where(),
        "connect and check maxmemory-policy",
        () -> {
          EvictionPolicyCheck.run(client.jedis(), client.where(), allowEviction);
          return null;
        });
  }
}
