package io.steadfast.consume;

import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.internal.Checks;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of a running consumer: where the proxy is, which dedup store, how messages are
 * received, and the lease timing.
 *
 * <p>The dedup lease must be at least the invisible duration: while a handler runs, a copy that
 * becomes visible again must still find the key PROCESSING. Long handlers renew both before either
 * expires. The group's max delivery attempts times its retry backoff should exceed the lease, or
 * copies skipped as IN_PROGRESS behind a crashed consumer reach the dead-letter queue.
 */
public final class ConsumerConfig {
  /** How messages are received. */
  public enum Mode {
    /** A PushConsumer: one message per handler call, the client's consumption threads. */
    PUSH,
    /** SimpleConsumer loops: batches, one store round trip for claims and one for completes. */
    BATCH
  }

  private final ClientSettings client;
  private final IdempotencyStore store;
  private final Mode mode;
  private final Duration lease;
  private final Duration invisibleDuration;
  private final Duration retention;
  private final int batchSize;
  private final int threads;
  private final Duration awaitDuration;
  private final int maxDeliveryAttempts;
  private final boolean failOpen;
  private final boolean ordered;
  private final Duration shutdownTimeout;
  private final Codecs codecs;
  private final SteadfastMetrics metrics;
  private final HandlerTransactions transactions;

  private ConsumerConfig(Builder b) {
    this.client = b.client;
    this.store = b.store;
    this.mode = b.mode;
    this.lease = b.lease;
    this.invisibleDuration = b.invisibleDuration;
    this.retention = b.retention;
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    this.awaitDuration = b.awaitDuration;
    this.maxDeliveryAttempts = b.maxDeliveryAttempts;
    this.failOpen = b.failOpen;
    this.ordered = b.ordered;
    this.shutdownTimeout = b.shutdownTimeout;
    this.codecs = b.codecs;
    this.metrics = b.metrics;
    this.transactions = b.transactions;
  }

  /**
   * Starts a configuration for the proxy described by {@code client}, deduplicating in {@code
   * store}.
   */
  public static Builder builder(ClientSettings client, IdempotencyStore store) {
    return new Builder(client, store);
  }

  public ClientSettings client() {
    return client;
  }

  public IdempotencyStore store() {
    return store;
  }

  public Mode mode() {
    return mode;
  }

  /** How long a claim stays PROCESSING without renewal. */
  public Duration lease() {
    return lease;
  }

  /** How long a received message stays invisible to other consumers (BATCH mode). */
  public Duration invisibleDuration() {
    return invisibleDuration;
  }

  /** How long a DONE record is kept. */
  public Duration retention() {
    return retention;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Consumption threads (PUSH) or receive loops (BATCH). */
  public int threads() {
    return threads;
  }

  /** Long-polling wait of one receive (BATCH mode). */
  public Duration awaitDuration() {
    return awaitDuration;
  }

  /** The group's max delivery attempts, used to log messages bound for the dead-letter queue. */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** Whether handlers run without dedup while the store is unreachable (default false). */
  public boolean failOpen() {
    return failOpen;
  }

  /**
   * Whether messages of one queue are consumed in order, one at a time (default false); see {@link
   * Builder#ordered(boolean)}.
   */
  public boolean ordered() {
    return ordered;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  public Codecs codecs() {
    return codecs;
  }

  public SteadfastMetrics metrics() {
    return metrics;
  }

  /**
   * The transactions every handler runs in; empty when only handlers that take a {@code SqlSession}
   * or {@code Connection} run in one, from the store ({@link Builder#transactions}).
   */
  public Optional<HandlerTransactions> transactions() {
    return Optional.ofNullable(transactions);
  }

  /** Builder for {@link ConsumerConfig}. */
  public static final class Builder {
    private final ClientSettings client;
    private final IdempotencyStore store;
    private Mode mode = Mode.PUSH;
    private Duration lease = Duration.ofSeconds(60);
    private Duration invisibleDuration = Duration.ofSeconds(30);
    private Duration retention = Duration.ofDays(7);
    private int batchSize = 32;
    private int threads = 4;
    private Duration awaitDuration = Duration.ofSeconds(5);
    private int maxDeliveryAttempts = 17;
    private boolean failOpen;
    private boolean ordered;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Codecs codecs = Codecs.defaults();
    private SteadfastMetrics metrics = SteadfastMetrics.NONE;
    private HandlerTransactions transactions;

    private Builder(ClientSettings client, IdempotencyStore store) {
      this.client = Objects.requireNonNull(client, "client");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** PUSH (default) or BATCH. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How long a claim stays PROCESSING without renewal; default 60 s, at least the invisible
     * duration.
     */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /** BATCH mode: how long a received message stays hidden from other consumers; default 30 s. */
    public Builder invisibleDuration(Duration invisibleDuration) {
      this.invisibleDuration = Checks.positive(invisibleDuration, "invisibleDuration");
      return this;
    }

    /** How long DONE records are kept (the dedup window); default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = Checks.positive(retention, "retention");
      return this;
    }

    /** BATCH mode: messages per receive and per store round trip, 1..32; default 32. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 32) {
        throw new IllegalArgumentException("batchSize must be 1..32 (proxy limit): " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** PUSH: consumption threads; BATCH: receive loops; default 4. */
    public Builder threads(int threads) {
      this.threads = Checks.atLeast(threads, 1, "threads");
      return this;
    }

    /** BATCH mode: long-polling wait of one receive; default 5 s (also bounds shutdown). */
    public Builder awaitDuration(Duration awaitDuration) {
      this.awaitDuration = Checks.positive(awaitDuration, "awaitDuration");
      return this;
    }

    /** The consumer group's max delivery attempts as configured on the broker (default 17). */
    public Builder maxDeliveryAttempts(int attempts) {
      this.maxDeliveryAttempts = Checks.atLeast(attempts, 1, "maxDeliveryAttempts");
      return this;
    }

    /**
     * Opt-in: while the store is unreachable, run handlers without dedup instead of leaving
     * messages for redelivery. Duplicates become possible; the consumer warns on every such call.
     */
    public Builder failOpen(boolean failOpen) {
      this.failOpen = failOpen;
      return this;
    }

    /**
     * Asks for ordered consumption of FIFO topics (default false), as {@code InboxConfig.ordered}
     * does for the inbox.
     *
     * <ul>
     *   <li>On the classic remoting client ({@code ClientSettings.nameServer}) it picks {@code
     *       MessageListenerOrderly} on the push consumer: each queue is locked to one consumer and
     *       consumed one message at a time, in queue order. A message that is not acked suspends
     *       its queue for a moment and is retried in place, so nothing behind it overtakes it;
     *       after {@link #maxDeliveryAttempts} the client moves it to {@code %DLQ%<group>} and the
     *       queue goes on. PUSH mode only: BATCH with {@code ordered(true)} is refused at start.
     *   <li>On the gRPC proxy the setting changes nothing: the consumer group decides. For a FIFO
     *       group (created with {@code consumeMessageOrderly}) the proxy hands out the messages of
     *       one message group in order, and the PUSH engine's client consumes them one at a time,
     *       retrying a failed one in place before the next. The BATCH engine acks each message of a
     *       batch on its own, so there a later message can take effect before a failed earlier one
     *       is retried: use PUSH when order matters. A group that is not FIFO is consumed
     *       concurrently.
     * </ul>
     *
     * Steadfast never reorders: what it applies in order is what the transport delivers in order
     * (one message group goes to one queue on both transports).
     */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }

    /** How long {@code close()} waits for running handlers; default 30 s. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /** Payload codecs; default {@link Codecs#defaults()}. */
    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /** Metrics listener; default none. */
    public Builder metrics(SteadfastMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Runs every handler of the consumer, whatever its parameters, inside a transaction from {@code
     * transactions}: the dedup claim and DONE mark join it, so the handler's own writes in that
     * transaction happen exactly once. The store must be a {@code TransactionalIdempotencyStore} on
     * the same database. Handlers that take a {@code SqlSession} get one on the transaction's
     * connection ({@code TransactionalIdempotencyStore#sessionOn}). Default: none; then only
     * handlers that take a {@code SqlSession} or {@code Connection} run in a transaction, one the
     * store opens.
     */
    public Builder transactions(HandlerTransactions transactions) {
      this.transactions = Objects.requireNonNull(transactions, "transactions");
      return this;
    }

    /**
     * @throws IllegalArgumentException if the lease is shorter than the invisible duration
     */
    public ConsumerConfig build() {
      if (lease.compareTo(invisibleDuration) < 0) {
        throw new IllegalArgumentException(
            "lease "
                + lease
                + " is shorter than invisibleDuration "
                + invisibleDuration
                + ": a redelivered copy could be processed while the first still runs");
      }
      return new ConsumerConfig(this);
    }
  }
}
