package io.steadfast.inbox;

import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.internal.Checks;
import io.steadfast.metrics.SteadfastMetrics;
import java.time.Duration;
import java.util.Objects;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Configuration of an inbox consumer, started by {@code Steadfast.inboxConsumer}: a PushConsumer
 * that stores each delivered message in the inbox and acks it, and {@code threads} workers that run
 * the handlers from the inbox.
 *
 * <p>A worker's claim holds its row for the {@link Builder#lease(Duration) lease}, renewed every
 * third of it while the handler runs, so a handler may run longer than the lease and no other
 * worker or instance takes its row meanwhile. The lease bounds how long the rows of a worker that
 * died (or cannot reach the database) wait before another worker runs them.
 */
public final class InboxConfig {
  private final ClientSettings client;
  private final InboxStore inbox;
  private final int threads;
  private final int maxAttempts;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final Duration lease;
  private final Duration pollInterval;
  private final Duration retention;
  private final Duration purgeInterval;
  private final boolean ordered;
  private final Codecs codecs;
  private final SqlSessionFactory businessSessions;
  private final SteadfastMetrics metrics;
  private final Duration shutdownTimeout;

  private InboxConfig(Builder b) {
    this.client = b.client;
    this.inbox = b.inbox;
    this.threads = b.threads;
    this.maxAttempts = b.maxAttempts;
    this.firstRetryDelay = b.firstRetryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.lease = b.lease;
    this.pollInterval = b.pollInterval;
    this.retention = b.retention;
    this.purgeInterval = b.purgeInterval;
    this.ordered = b.ordered;
    this.codecs = b.codecs;
    this.businessSessions = b.businessSessions;
    this.metrics = b.metrics;
    this.shutdownTimeout = b.shutdownTimeout;
  }

  /** A consumer of the proxy described by {@code client}, keeping its messages in {@code inbox}. */
  public static Builder builder(ClientSettings client, InboxStore inbox) {
    return new Builder(client, inbox);
  }

  public ClientSettings client() {
    return client;
  }

  public InboxStore inbox() {
    return inbox;
  }

  /** Workers that run handlers (and the PushConsumer's threads that store arrivals). */
  public int threads() {
    return threads;
  }

  /** Handler runs of one message before it is parked. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Delay before the first retry of a failed handler; it doubles per attempt. */
  public Duration firstRetryDelay() {
    return firstRetryDelay;
  }

  /** Upper bound of the retry delay. */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /** How long a worker's claim keeps other workers off its row. */
  public Duration lease() {
    return lease;
  }

  /** How long idle workers wait before they look for rows again. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long a DONE row is kept, so that a copy arriving later is recognised. */
  public Duration retention() {
    return retention;
  }

  /** How often DONE rows past their retention are purged. */
  public Duration purgeInterval() {
    return purgeInterval;
  }

  /** Whether rows with one order key (the FIFO message group) run one after another. */
  public boolean ordered() {
    return ordered;
  }

  public Codecs codecs() {
    return codecs;
  }

  /**
   * MyBatis factory whose sessions transactional handlers get, or null for sessions without
   * mappers.
   */
  public SqlSessionFactory businessSessions() {
    return businessSessions;
  }

  public SteadfastMetrics metrics() {
    return metrics;
  }

  /** How long {@code close()} waits for running handlers. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Builder for {@link InboxConfig}. */
  public static final class Builder {
    private final ClientSettings client;
    private final InboxStore inbox;
    private int threads = 4;
    private int maxAttempts = 5;
    private Duration firstRetryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofMinutes(1);
    private Duration lease = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration retention = Duration.ofDays(7);
    private Duration purgeInterval = Duration.ofMinutes(10);
    private boolean ordered;
    private Codecs codecs = Codecs.defaults();
    private SqlSessionFactory businessSessions;
    private SteadfastMetrics metrics = SteadfastMetrics.NONE;
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder(ClientSettings client, InboxStore inbox) {
      this.client = Objects.requireNonNull(client, "client");
      this.inbox = Objects.requireNonNull(inbox, "inbox");
    }

    /** Worker threads (and receiving threads); default 4. */
    public Builder threads(int threads) {
      this.threads = Checks.atLeast(threads, 1, "threads");
      return this;
    }

    /** Handler runs before a message is parked; default 5. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** Retry delays after failed runs: {@code first}, doubling up to {@code max}; 1 s to 1 min. */
    public Builder retryDelays(Duration first, Duration max) {
      this.firstRetryDelay = Checks.positive(first, "first");
      this.maxRetryDelay = Checks.positive(max, "max");
      return this;
    }

    /**
     * How long a claim holds its row unless renewed (it is, every third of it, while the handler
     * runs): how long the rows of a dead worker wait before others run them; default 5 min.
     */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /** Wait of idle workers between looks at the table; default 500 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /** How long DONE rows are kept to recognise copies; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = Checks.positive(retention, "retention");
      return this;
    }

    /** How often DONE rows past their retention are deleted; default 10 min. */
    public Builder purgeInterval(Duration purgeInterval) {
      this.purgeInterval = Checks.positive(purgeInterval, "purgeInterval");
      return this;
    }

    /**
     * Runs the rows of one FIFO message group one after another, in arrival order; default false
     * (all rows run concurrently).
     */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }

    /** Payload codecs; default {@link Codecs#defaults()}. */
    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /**
     * The application's MyBatis factory: a transactional handler's {@code SqlSession} is one of its
     * sessions on the inbox's connection, so {@code tx.getMapper(...)} knows its mappers.
     */
    public Builder businessSessions(SqlSessionFactory factory) {
      this.businessSessions = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Metrics listener; default none. */
    public Builder metrics(SteadfastMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** How long {@code close()} waits for running handlers; default 30 s. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Checks.positive(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    public InboxConfig build() {
      return new InboxConfig(this);
    }
  }
}
