package io.steadfast.outbox;

import io.steadfast.internal.Checks;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.ReliableSender;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of an outbox relay, started by {@code Steadfast.outboxRelay}.
 *
 * <p>The {@link Builder#lease(Duration) lease} must outlast a batch's sends, that is the sender's
 * retry deadline (60 s by default): a row whose lease runs out while its send is still retried may
 * be claimed and sent by another relay too (a duplicate with the same {@code steadfast-id}, which
 * consumers collapse, never a loss).
 */
public final class OutboxRelayConfig {
  private final OutboxStore outbox;
  private final ReliableSender sender;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final Duration sentRetention;
  private final Duration purgeInterval;
  private final Duration backlogInterval;
  private final SteadfastMetrics metrics;

  private OutboxRelayConfig(Builder b) {
    this.outbox = b.outbox;
    this.sender = b.sender;
    this.batchSize = b.batchSize;
    this.pollInterval = b.pollInterval;
    this.lease = b.lease;
    this.firstRetryDelay = b.firstRetryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.sentRetention = b.sentRetention;
    this.purgeInterval = b.purgeInterval;
    this.backlogInterval = b.backlogInterval;
    this.metrics = b.metrics;
  }

  /** A relay of {@code outbox}'s rows through {@code sender} (neither is closed by the relay). */
  public static Builder builder(OutboxStore outbox, ReliableSender sender) {
    return new Builder(outbox, sender);
  }

  public OutboxStore outbox() {
    return outbox;
  }

  public ReliableSender sender() {
    return sender;
  }

  /** Rows claimed at once; also the most sends the relay has in flight. */
  public int batchSize() {
    return batchSize;
  }

  /** How long an idle relay waits before it looks for committed rows again. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long a claim keeps other relays off its rows. */
  public Duration lease() {
    return lease;
  }

  /** Delay before the first retry of a row whose send failed; it doubles per failed attempt. */
  public Duration firstRetryDelay() {
    return firstRetryDelay;
  }

  /** Upper bound of the retry delay. */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /** How long SENT rows are kept before the relay purges them. */
  public Duration sentRetention() {
    return sentRetention;
  }

  /** How often the relay purges SENT rows past the retention. */
  public Duration purgeInterval() {
    return purgeInterval;
  }

  /** How often the relay reports the backlog to the metrics listener. */
  public Duration backlogInterval() {
    return backlogInterval;
  }

  public SteadfastMetrics metrics() {
    return metrics;
  }

  /** Builder for {@link OutboxRelayConfig}. */
  public static final class Builder {
    private final OutboxStore outbox;
    private final ReliableSender sender;
    private int batchSize = 64;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration lease = Duration.ofMinutes(2);
    private Duration firstRetryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofMinutes(1);
    private Duration sentRetention = Duration.ofDays(1);
    private Duration purgeInterval = Duration.ofMinutes(10);
    private Duration backlogInterval = Duration.ofSeconds(10);
    private SteadfastMetrics metrics = SteadfastMetrics.NONE;

    private Builder(OutboxStore outbox, ReliableSender sender) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** Rows claimed at once and sent concurrently; default 64. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.atLeast(batchSize, 1, "batchSize");
      return this;
    }

    /** Wait of an idle relay between looks at the table; default 500 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /** How long a claim holds its rows; default 2 min (above the sender's retry deadline). */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /** Retry delays after failed sends: {@code first}, doubling up to {@code max}; 1 s to 1 min. */
    public Builder retryDelays(Duration first, Duration max) {
      this.firstRetryDelay = Checks.positive(first, "first");
      this.maxRetryDelay = Checks.positive(max, "max");
      return this;
    }

    /** Retention of SENT rows (for audits and debugging) and how often to purge; 1 day, 10 min. */
    public Builder purge(Duration sentRetention, Duration purgeInterval) {
      this.sentRetention = Objects.requireNonNull(sentRetention, "sentRetention");
      this.purgeInterval = Checks.positive(purgeInterval, "purgeInterval");
      return this;
    }

    /** How often the backlog gauge is reported; default 10 s. */
    public Builder backlogInterval(Duration backlogInterval) {
      this.backlogInterval = Checks.positive(backlogInterval, "backlogInterval");
      return this;
    }

    /** Metrics listener (sent, retried, parked, backlog); default none. */
    public Builder metrics(SteadfastMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    public OutboxRelayConfig build() {
      return new OutboxRelayConfig(this);
    }
  }
}
