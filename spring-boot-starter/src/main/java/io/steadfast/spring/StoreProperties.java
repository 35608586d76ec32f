package io.steadfast.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code steadfast.store.*}: where consumers keep their dedup records. */
public class StoreProperties {
  /** Which dedup store consumers use. */
  public enum Type {
    /** A table in the application's own DataSource (the default when there is one). */
    JDBC,
    /** Redis, standalone or Cluster (needs redis.clients:jedis). */
    REDIS,
    /** In this JVM only, lost on restart: for tests and demos. */
    MEMORY
  }

  /**
   * The dedup store: jdbc (the application's DataSource), redis or memory. Default: jdbc when the
   * application has a DataSource; otherwise it must be set.
   */
  private Type type;

  /**
   * How long a processed key is remembered: a copy arriving later is handled again. Must cover the
   * longest time a duplicate can arrive after the first copy.
   */
  private Duration retention = Duration.ofDays(7);

  private final Jdbc jdbc = new Jdbc();

  private final Redis redis = new Redis();

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Redis getRedis() {
    return redis;
  }

  /** {@code steadfast.store.jdbc.*}: the dedup table in the application's DataSource. */
  public static class Jdbc {
    /** Name of the dedup table. */
    private String table = "steadfast_dedup";

    /**
     * Whether to create the table at startup (CREATE TABLE IF NOT EXISTS); turn off when your
     * migrations run the shipped DDL.
     */
    private boolean createTable = true;

    /** Timeout of every dedup statement (whole seconds). */
    private Duration statementTimeout = Duration.ofSeconds(10);

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public boolean isCreateTable() {
      return createTable;
    }

    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }

    public Duration getStatementTimeout() {
      return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
    }
  }

  /** {@code steadfast.store.redis.*}: the Redis dedup store. */
  public static class Redis {
    /** A standalone server: redis://host:port[/db], or rediss:// for TLS. */
    private String url;

    /** Redis Cluster nodes (host:port); instead of a url. */
    private List<String> clusterNodes = new ArrayList<>();

    /** AUTH user; empty for the default user. */
    private String username;

    /** AUTH password. */
    private String password;

    /** Prefix of every dedup key. */
    private String keyPrefix = "steadfast:";

    /** Bounds every Redis call: connect, read and the wait for a pooled connection. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Pooled connections (per node on a cluster). */
    private int connections = 32;

    /**
     * Start even when Redis may evict keys (maxmemory-policy other than noeviction): evicted
     * records let duplicates through.
     */
    private boolean allowEviction = false;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public List<String> getClusterNodes() {
      return clusterNodes;
    }

    public void setClusterNodes(List<String> clusterNodes) {
      this.clusterNodes = clusterNodes;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getConnections() {
      return connections;
    }

    public void setConnections(int connections) {
      this.connections = connections;
    }

    public boolean isAllowEviction() {
      return allowEviction;
    }

    public void setAllowEviction(boolean allowEviction) {
      this.allowEviction = allowEviction;
    }
  }
}
