package io.steadfast.produce;

import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.internal.Checks;
import io.steadfast.metrics.SteadfastMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a sender, started by {@link io.steadfast.Steadfast#sender}.
 *
 * <p>{@code brokerFlushTimeout} and {@code brokerReplicationTimeout} are the broker's {@code
 * syncFlushTimeout} and {@code slaveTimeout} (defaults 5 s and 3 s). The request timeout must
 * exceed both, or a flush or replication timeout reaches the sender only as a bare deadline; the
 * sender warns at start when it does not.
 */
public final class SenderConfig {
  private final ClientSettings client;
  private final List<String> topics;
  private final RetryPolicy retryPolicy;
  private final int maxInFlight;
  private final Codecs codecs;
  private final Duration brokerFlushTimeout;
  private final Duration brokerReplicationTimeout;
  private final SteadfastMetrics metrics;

  private SenderConfig(Builder b) {
    this.client = b.client;
    this.topics = List.copyOf(b.topics);
    this.retryPolicy = b.retryPolicy;
    this.maxInFlight = b.maxInFlight;
    this.codecs = b.codecs;
    this.brokerFlushTimeout = b.brokerFlushTimeout;
    this.brokerReplicationTimeout = b.brokerReplicationTimeout;
    this.metrics = b.metrics;
  }

  /** Starts a configuration for the proxy described by {@code client}. */
  public static Builder builder(ClientSettings client) {
    return new Builder(client);
  }

  public ClientSettings client() {
    return client;
  }

  /** Topics whose routes are fetched at start (optional; others are fetched on first send). */
  public List<String> topics() {
    return topics;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Sends (sync and async) allowed in flight at once; more block the caller, for at most the retry
   * policy's deadline, then fail as NOT_STORED.
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  public Codecs codecs() {
    return codecs;
  }

  public Duration brokerFlushTimeout() {
    return brokerFlushTimeout;
  }

  public Duration brokerReplicationTimeout() {
    return brokerReplicationTimeout;
  }

  public SteadfastMetrics metrics() {
    return metrics;
  }

  /**
   * Whether the request timeout exceeds the broker's flush and replication timeouts, so that the
   * broker's own timeout answers reach the sender.
   */
  public boolean requestTimeoutCoversBrokerTimeouts() {
    Duration longest =
        brokerFlushTimeout.compareTo(brokerReplicationTimeout) >= 0
            ? brokerFlushTimeout
            : brokerReplicationTimeout;
    return client.requestTimeout().compareTo(longest) > 0;
  }

  /** Builder for {@link SenderConfig}. */
  public static final class Builder {
    private final ClientSettings client;
    private List<String> topics = List.of();
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private int maxInFlight = 1024;
    private Codecs codecs = Codecs.defaults();
    private Duration brokerFlushTimeout = Duration.ofSeconds(5);
    private Duration brokerReplicationTimeout = Duration.ofSeconds(3);
    private SteadfastMetrics metrics = SteadfastMetrics.NONE;

    private Builder(ClientSettings client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Topics whose routes are fetched at start; optional. */
    public Builder topics(String... topics) {
      this.topics = List.of(topics);
      return this;
    }

    /** Retry backoff, attempts and deadline; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sends in flight at once before {@code sendAsync} blocks (at most the retry deadline); default
     * 1024.
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = Checks.atLeast(maxInFlight, 1, "maxInFlight");
      return this;
    }

    /** Payload codecs; default {@link Codecs#defaults()}. */
    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /** The broker's {@code syncFlushTimeout} (default 5 s). */
    public Builder brokerFlushTimeout(Duration timeout) {
      this.brokerFlushTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The broker's {@code slaveTimeout} (default 3 s). */
    public Builder brokerReplicationTimeout(Duration timeout) {
      this.brokerReplicationTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Metrics listener (send retries); default none. */
    public Builder metrics(SteadfastMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    public SenderConfig build() {
      return new SenderConfig(this);
    }
  }
}
