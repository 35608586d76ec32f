package io.steadfast.internal.produce;

import io.steadfast.codec.EncodedPayload;
import io.steadfast.internal.DaemonThreads;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReliableSender} over a RocketMQ client's {@link SendTransport}: rocketmq-client-java
 * through a gRPC proxy, or the classic remoting client, as {@link SenderConfig#client()} says.
 *
 * <p>The clients' own retries are switched off: they re-send after persistence timeouts under a new
 * message id. This sender retries itself, with the backoff of {@link SenderConfig#retryPolicy()},
 * and every attempt carries the same {@code steadfast-id} property and keys, so consumers collapse
 * the copies.
 *
 * <p>{@link SenderConfig#maxInFlight()} slots bound sends in flight, retries included. A caller
 * waits for a slot at most the retry policy's deadline (a send that cannot even start within the
 * time it would have had to finish is reported NOT_STORED rather than left blocking), and {@link
 * #close()} wakes every waiter. A send's slot is freed before its future completes, and {@link
 * #sendAsync} futures complete on the sender's own threads, never on the client's callback threads:
 * a dependent stage that sends again (even into a full window, even waiting on the new future)
 * cannot stall the acks that free slots.
 */
public final class RocketMqReliableSender implements ReliableSender {
  private static final Logger log = LoggerFactory.getLogger(RocketMqReliableSender.class);

  private final SendTransport transport;
  private final SenderConfig config;
  private final InFlightWindow window;
  private final ScheduledExecutorService retryTimer;
  // Fork-join: handing a completion over costs well under a microsecond where waking a cached
  // pool's thread cost 10-20 (measured), and a continuation that blocks on a future (join, get,
  // the sync send of its next message) gets a compensating worker, so it never holds up another
  // send's completion.
  private final ForkJoinPool completions;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Attempt> pending = ConcurrentHashMap.newKeySet();

  private RocketMqReliableSender(SendTransport transport, SenderConfig config) {
    this.transport = transport;
    this.config = config;
    this.window = new InFlightWindow(config.maxInFlight());
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("steadfast-send-retry"));
    int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.completions =
        new ForkJoinPool(
            parallelism,
            DaemonThreads.forkJoin("steadfast-send-complete"),
            null,
            true,
            0,
            parallelism + 256, // room for compensating workers, as the common pool has
            1,
            null,
            5,
            TimeUnit.SECONDS);
  }

  /**
   * Starts the client of {@code config}'s transport and returns a sender over it. Called by {@code
   * Steadfast.sender}; not for direct use.
   *
   * @throws IllegalStateException if the client cannot start (bad endpoint, credentials, client
   *     library missing)
   */
  public static RocketMqReliableSender start(SenderConfig config) {
    warnIfTimeoutTooShort(config);
    SendTransport transport = SendTransports.start(config);
    log.info("Reliable sender started: {}", config.client());
    return new RocketMqReliableSender(transport, config);
  }

  /** A sender over a gRPC producer the caller built (it must have {@code maxAttempts=1}). */
  static RocketMqReliableSender over(Producer producer, SenderConfig config) {
    return over(new GrpcSendTransport(producer, config.client()), config);
  }

  /** A sender over a transport the caller started. */
  static RocketMqReliableSender over(SendTransport transport, SenderConfig config) {
    warnIfTimeoutTooShort(config);
    return new RocketMqReliableSender(transport, config);
  }

  private static void warnIfTimeoutTooShort(SenderConfig config) {
    if (!config.requestTimeoutCoversBrokerTimeouts()) {
      log.warn(
          "Send request timeout {} does not exceed the broker's flush timeout {} and replication"
              + " timeout {}: a flush or replication timeout will surface only as a deadline."
              + " Set ClientSettings.requestTimeout above both.",
          config.client().requestTimeout(),
          config.brokerFlushTimeout(),
          config.brokerReplicationTimeout());
    }
  }

  @Override
  public SendAck send(OutgoingMessage message) {
    try {
      // Completed on the answering thread: the only waiter is this get(), no caller continuation.
      return submit(message, Runnable::run).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SendFailedException(
          Outcome.MAYBE_STORED,
          message.steadfastId(),
          0,
          "interrupted while waiting for the ack",
          e);
    } catch (ExecutionException e) {
      throw asSendFailure(e.getCause(), message);
    }
  }

  @Override
  public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
    return submit(message, completions);
  }

  /** Starts a send whose future {@code completer} completes. */
  private CompletableFuture<SendAck> submit(OutgoingMessage message, Executor completer) {
    Supplier<CompletableFuture<String>> prepared = null;
    SendFailedException refused = null;
    try {
      prepared =
          transport.prepare(message, EncodedPayload.encode(config.codecs(), message.payload()));
    } catch (RuntimeException e) {
      refused =
          new SendFailedException(
              Outcome.PERMANENT, message.steadfastId(), 0, "cannot build message: " + e, e);
    }
    if (refused == null) {
      refused = takeSlot(message);
    }
    if (refused != null) {
      reportFinished(message.topic(), null, refused);
      return CompletableFuture.failedFuture(refused);
    }
    CompletableFuture<SendAck> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.retryPolicy().deadline().toNanos();
    Attempt a = new Attempt(message, prepared, deadline, result, completer);
    pending.add(a);
    attempt(a, 1, false);
    return result;
  }

  /** Waits for an in-flight slot; returns why none was taken, or {@code null} once one is. */
  private SendFailedException takeSlot(OutgoingMessage message) {
    Duration bound = config.retryPolicy().deadline();
    String refusal;
    InterruptedException interrupted = null;
    try {
      refusal =
          switch (window.acquire(bound)) {
            case TAKEN -> null;
            case CLOSED -> "sender is closed";
            case TIMED_OUT ->
                "no send slot within " + bound + " (" + config.maxInFlight() + " in flight)";
          };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refusal = "interrupted waiting for a send slot";
      interrupted = e;
    }
    if (refusal == null) {
      return null;
    }
    log.debug("send of steadfast-id {} refused: {}", message.steadfastId(), refusal);
    return new SendFailedException(
        Outcome.NOT_STORED, message.steadfastId(), 0, refusal, interrupted);
  }

  /** One logical send across its attempts. */
  private record Attempt(
      OutgoingMessage message,
      Supplier<CompletableFuture<String>> send,
      long deadlineNanos,
      CompletableFuture<SendAck> result,
      Executor completer) {
    // Identity: removal from pending ends a send exactly once and must not hash its components.
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /** Ends a send once: frees its slot, then has the completer complete the caller's future. */
  private void finish(Attempt a, SendAck ack, SendFailedException failure) {
    if (!pending.remove(a)) {
      return; // already ended: close failed it before the client answered
    }
    // Before completion: a dependent stage that sends again must find this slot free.
    window.release();
    reportFinished(a.message().topic(), ack, failure);
    Runnable complete =
        failure == null
            ? () -> a.result().complete(ack)
            : () -> a.result().completeExceptionally(failure);
    try {
      a.completer().execute(complete);
    } catch (RejectedExecutionException noWorker) {
      // Only if the pool cannot add a worker; completing here is better than never.
      complete.run();
    }
  }

  /**
   * Runs a step of a send on a thread that would swallow its exception (the client's callback, the
   * retry timer): anything it throws ends the send instead of leaving its future incomplete.
   */
  private void guarded(Attempt a, int number, Runnable step) {
    try {
      step.run();
    } catch (Throwable t) {
      String id = a.message().steadfastId();
      String text = "send of steadfast-id " + id + " failed in attempt " + number + ": " + t;
      log.error(text, t);
      // The attempt may have reached the broker.
      finish(a, null, new SendFailedException(Outcome.MAYBE_STORED, id, number, text, t));
    }
  }

  private void attempt(Attempt a, int number, boolean earlierMaybeStored) {
    CompletableFuture<String> sent;
    try {
      sent = a.send().get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    // The client times requests out itself; this guard makes sure no future is left hanging.
    long guardMillis = config.client().requestTimeout().toMillis() * 2 + 1000;
    sent.orTimeout(guardMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (messageId, failure) ->
                guarded(
                    a, number, () -> onAnswer(a, number, earlierMaybeStored, messageId, failure)));
  }

  private void onAnswer(
      Attempt a, int number, boolean earlierMaybeStored, String messageId, Throwable failure) {
    if (failure != null) {
      onAttemptFailed(a, number, earlierMaybeStored, failure);
      return;
    }
    OutgoingMessage m = a.message();
    finish(a, new SendAck(messageId, m.steadfastId(), m.topic(), number), null);
  }

  private void onAttemptFailed(Attempt a, int number, boolean earlierMaybeStored, Throwable e) {
    SendClassification c = transport.classify(e);
    boolean maybeStored = earlierMaybeStored || c.outcome() == Outcome.MAYBE_STORED;
    Outcome outcome = maybeStored ? Outcome.MAYBE_STORED : c.outcome();
    Duration backoff = config.retryPolicy().backoffAfter(number);
    String stop = null;
    if (!c.retryable()) {
      stop = "not retryable";
    } else if (number >= config.retryPolicy().maxAttempts()) {
      stop = "attempts exhausted";
    } else if (System.nanoTime() + backoff.toNanos() > a.deadlineNanos()) {
      stop = "send deadline reached";
    } else if (closed.get()) {
      stop = "sender closed";
    }
    if (stop != null) {
      String text =
          String.format(
              "send of steadfast-id %s to %s failed after %d attempt(s) (%s): %s -> %s",
              a.message().steadfastId(), a.message().topic(), number, stop, c.reason(), outcome);
      log.warn(text);
      finish(
          a,
          null,
          new SendFailedException(
              outcome, a.message().steadfastId(), number, text, SendClassification.unwrap(e)));
      return;
    }
    log.debug(
        "send attempt {} of steadfast-id {} failed ({}), retrying in {}",
        number,
        a.message().steadfastId(),
        c.reason(),
        backoff);
    reportRetry(a.message().topic(), number);
    try {
      retryTimer.schedule(
          () -> guarded(a, number + 1, () -> attempt(a, number + 1, maybeStored)),
          backoff.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      failUnfinished(a, outcome);
    }
  }

  private void reportRetry(String topic, int failedAttempt) {
    report("sendRetried", () -> config.metrics().sendRetried(topic, failedAttempt));
  }

  private void reportFinished(String topic, SendAck ack, SendFailedException failure) {
    report(
        "sendFinished",
        () ->
            config
                .metrics()
                .sendFinished(
                    topic,
                    failure == null ? null : failure.outcome(),
                    failure == null ? ack.attempts() : failure.attempts()));
  }

  private void report(String method, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A listener's bug must cost neither the retry nor the caller's future.
      log.warn("Metrics listener {} failed in {}; the send goes on", config.metrics(), method, e);
    }
  }

  private void failUnfinished(Attempt a, Outcome outcome) {
    finish(
        a,
        null,
        new SendFailedException(
            outcome,
            a.message().steadfastId(),
            0,
            "sender closed before steadfast-id " + a.message().steadfastId() + " was acked",
            null));
  }

  private static SendFailedException asSendFailure(Throwable t, OutgoingMessage message) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof SendFailedException sfe) {
      return sfe;
    }
    return new SendFailedException(
        Outcome.MAYBE_STORED, message.steadfastId(), 0, "send failed: " + c, c);
  }

  /**
   * Stops accepting sends (callers waiting for a slot fail at once as NOT_STORED "sender is
   * closed"), waits up to the retry deadline for sends in flight to finish, fails the rest as
   * MAYBE_STORED, then closes the client.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      int stillInFlight = window.closeAndAwaitDrained(config.retryPolicy().deadline());
      if (stillInFlight > 0) {
        log.warn(
            "Closing sender with {} send(s) still in flight; their futures fail as MAYBE_STORED",
            stillInFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retryTimer.shutdownNow();
    for (Attempt a : pending) {
      failUnfinished(a, Outcome.MAYBE_STORED);
    }
    // The completion pool is not shut down: a send that finishes while close runs must still
    // complete its future, and with the pool shut down here one such future was left incomplete
    // (RocketMqReliableSenderHangTest.sendsRacingCloseEitherFinishOrFailAsClosed). Idle workers
    // end after 5 s.
    transport.close();
  }
}
