package io.steadfast.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code steadfast.sender.*}: how generated producers send, with per-topic overrides under {@code
 * steadfast.sender.topics.<topic>.*}.
 */
public class SenderProperties {
  /** Attempts per send, the first included (1 = no retry). */
  private int maxAttempts = 5;

  /** Backoff before the second attempt; doubles per attempt, with jitter. */
  private Duration initialBackoff = Duration.ofMillis(100);

  /** Upper bound of one backoff. */
  private Duration maxBackoff = Duration.ofSeconds(5);

  /** No attempt starts later than this after the first; also bounds the wait for a send slot. */
  private Duration deadline = Duration.ofSeconds(60);

  /** Sends in flight at once (retries included); more block the caller up to the deadline. */
  private int maxInFlight = 1024;

  /** The broker's syncFlushTimeout, to warn when the request timeout does not exceed it. */
  private Duration brokerFlushTimeout = Duration.ofSeconds(5);

  /** The broker's slaveTimeout, to warn when the request timeout does not exceed it. */
  private Duration brokerReplicationTimeout = Duration.ofSeconds(3);

  /** Overrides for sends to one topic: its own sender with these settings. */
  private Map<String, Topic> topics = new LinkedHashMap<>();

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public Duration getDeadline() {
    return deadline;
  }

  public void setDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public Duration getBrokerFlushTimeout() {
    return brokerFlushTimeout;
  }

  public void setBrokerFlushTimeout(Duration brokerFlushTimeout) {
    this.brokerFlushTimeout = brokerFlushTimeout;
  }

  public Duration getBrokerReplicationTimeout() {
    return brokerReplicationTimeout;
  }

  public void setBrokerReplicationTimeout(Duration brokerReplicationTimeout) {
    this.brokerReplicationTimeout = brokerReplicationTimeout;
  }

  public Map<String, Topic> getTopics() {
    return topics;
  }

  public void setTopics(Map<String, Topic> topics) {
    this.topics = topics;
  }

  /** {@code steadfast.sender.topics.<topic>.*}: unset values are the defaults above. */
  public static class Topic {
    private Integer maxAttempts;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Duration deadline;
    private Integer maxInFlight;

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public Integer getMaxInFlight() {
      return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
      this.maxInFlight = maxInFlight;
    }
  }
}
