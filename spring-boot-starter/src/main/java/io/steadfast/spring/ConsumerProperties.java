package io.steadfast.spring;

import io.steadfast.consume.ConsumerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code steadfast.consumer.*}: defaults of every consumer, with per-group overrides under {@code
 * steadfast.consumer.groups.<group>.*}.
 */
public class ConsumerProperties {
  /** Whether consumer beans are started at all. */
  private boolean enabled = true;

  /** PUSH (one message per handler call) or BATCH (receive loops, batched store calls). */
  private ConsumerConfig.Mode mode = ConsumerConfig.Mode.PUSH;

  /** PUSH: consumption threads; BATCH: receive loops. */
  private int threads = 4;

  /** BATCH: messages per receive and per store round trip, 1..32. */
  private int batchSize = 32;

  /** How long a claimed key stays PROCESSING without renewal; at least the invisible duration. */
  private Duration lease = Duration.ofSeconds(60);

  /** BATCH: how long a received message stays hidden from other consumers. */
  private Duration invisibleDuration = Duration.ofSeconds(30);

  /** BATCH: long-polling wait of one receive. */
  private Duration awaitDuration = Duration.ofSeconds(5);

  /** The group's max delivery attempts on the broker (used to log dead-lettering). */
  private int maxAttempts = 17;

  /** Run handlers without dedup while the store is unreachable (duplicates become possible). */
  private boolean failOpen = false;

  /** How long closing a consumer waits for running handlers. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /**
   * Ordered consumption of FIFO topics: on the remoting client (name-server) a
   * MessageListenerOrderly push consumer (push mode only); on the gRPC proxy the FIFO consumer
   * group decides instead.
   */
  private boolean ordered = false;

  /**
   * Run every handler in a transaction of the application's PlatformTransactionManager, with the
   * dedup claim and DONE mark in it (exactly-once effects for JdbcTemplate, JPA, MyBatis-Spring).
   * Applies when the store is jdbc on the application's DataSource and a transaction manager
   * exists.
   */
  private boolean transactional = true;

  /** Per-group overrides; unset values are the defaults above. */
  private Map<String, Group> groups = new LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public ConsumerConfig.Mode getMode() {
    return mode;
  }

  public void setMode(ConsumerConfig.Mode mode) {
    this.mode = mode;
  }

  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    this.threads = threads;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }

  public Duration getInvisibleDuration() {
    return invisibleDuration;
  }

  public void setInvisibleDuration(Duration invisibleDuration) {
    this.invisibleDuration = invisibleDuration;
  }

  public Duration getAwaitDuration() {
    return awaitDuration;
  }

  public void setAwaitDuration(Duration awaitDuration) {
    this.awaitDuration = awaitDuration;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public boolean isFailOpen() {
    return failOpen;
  }

  public void setFailOpen(boolean failOpen) {
    this.failOpen = failOpen;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public boolean isOrdered() {
    return ordered;
  }

  public void setOrdered(boolean ordered) {
    this.ordered = ordered;
  }

  public boolean isTransactional() {
    return transactional;
  }

  public void setTransactional(boolean transactional) {
    this.transactional = transactional;
  }

  public Map<String, Group> getGroups() {
    return groups;
  }

  public void setGroups(Map<String, Group> groups) {
    this.groups = groups;
  }

  /** {@code steadfast.consumer.groups.<group>.*}: one group's overrides. */
  public static class Group {
    private Boolean enabled;
    private ConsumerConfig.Mode mode;
    private Integer threads;
    private Integer batchSize;
    private Duration lease;
    private Duration invisibleDuration;
    private Duration awaitDuration;
    private Integer maxAttempts;
    private Boolean failOpen;
    private Duration shutdownTimeout;
    private Boolean ordered;
    private Boolean transactional;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public ConsumerConfig.Mode getMode() {
      return mode;
    }

    public void setMode(ConsumerConfig.Mode mode) {
      this.mode = mode;
    }

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public Integer getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getLease() {
      return lease;
    }

    public void setLease(Duration lease) {
      this.lease = lease;
    }

    public Duration getInvisibleDuration() {
      return invisibleDuration;
    }

    public void setInvisibleDuration(Duration invisibleDuration) {
      this.invisibleDuration = invisibleDuration;
    }

    public Duration getAwaitDuration() {
      return awaitDuration;
    }

    public void setAwaitDuration(Duration awaitDuration) {
      this.awaitDuration = awaitDuration;
    }

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Boolean getFailOpen() {
      return failOpen;
    }

    public void setFailOpen(Boolean failOpen) {
      this.failOpen = failOpen;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Boolean getOrdered() {
      return ordered;
    }

    public void setOrdered(Boolean ordered) {
      this.ordered = ordered;
    }

    public Boolean getTransactional() {
      return transactional;
    }

    public void setTransactional(Boolean transactional) {
      this.transactional = transactional;
    }
  }
}
