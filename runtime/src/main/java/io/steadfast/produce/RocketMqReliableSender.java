package io.steadfast.produce;

import io.steadfast.MessageProperties;
import io.steadfast.codec.Codec;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SendFailureClassifier.Classification;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReliableSender} over a rocketmq-client-java {@link Producer}.
 *
 * <p>The client's own retries are switched off ({@code maxAttempts=1}): they re-send after
 * persistence timeouts under a new message id. This sender retries itself, with the backoff of
 * {@link SenderConfig#retryPolicy()}, and every attempt carries the same {@code steadfast-id}
 * property and keys, so consumers collapse the copies. A semaphore of
 * {@link SenderConfig#maxInFlight()} permits bounds sends in flight, retries included.
 */
public final class RocketMqReliableSender implements ReliableSender {
  private static final Logger log = LoggerFactory.getLogger(RocketMqReliableSender.class);

  private final Producer producer;
  private final SenderConfig config;
  private final ClientServiceProvider provider = ClientServiceProvider.loadService();
  private final Semaphore inFlight;
  private final ScheduledExecutorService retryTimer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Attempt> pending = ConcurrentHashMap.newKeySet();

  private RocketMqReliableSender(Producer producer, SenderConfig config) {
    this.producer = producer;
    this.config = config;
    this.inFlight = new Semaphore(config.maxInFlight());
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "steadfast-send-retry");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a producer for {@code config} and returns a sender over it.
   *
   * @throws IllegalStateException if the client cannot start (bad endpoint, credentials)
   */
  public static RocketMqReliableSender start(SenderConfig config) {
    warnIfTimeoutTooShort(config);
    try {
      Producer producer =
          ClientServiceProvider.loadService()
              .newProducerBuilder()
              .setClientConfiguration(config.client().toClientConfiguration())
              .setTopics(config.topics().toArray(String[]::new))
              .setMaxAttempts(1)
              .build();
      log.info("Reliable sender started: {}", config.client());
      return new RocketMqReliableSender(producer, config);
    } catch (ClientException e) {
      throw new IllegalStateException("Cannot start producer for " + config.client(), e);
    }
  }

  /** A sender over a producer the caller built (it must have {@code maxAttempts=1}). */
  static RocketMqReliableSender over(Producer producer, SenderConfig config) {
    warnIfTimeoutTooShort(config);
    return new RocketMqReliableSender(producer, config);
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
  public SendReceipt send(OutgoingMessage message) {
    try {
      return sendAsync(message).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SendFailedException(
          Outcome.MAYBE_STORED, message.steadfastId(), 0, "interrupted while waiting for the ack", e);
    } catch (ExecutionException e) {
      throw asSendFailure(e.getCause(), message);
    }
  }

  @Override
  public CompletableFuture<SendReceipt> sendAsync(OutgoingMessage message) {
    Message clientMessage;
    try {
      clientMessage = toClientMessage(message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new SendFailedException(
              Outcome.PERMANENT, message.steadfastId(), 0, "cannot build message: " + e, e));
    }
    if (!acquirePermit(message)) {
      return CompletableFuture.failedFuture(
          new SendFailedException(
              Outcome.NOT_STORED, message.steadfastId(), 0, "sender is closed", null));
    }
    CompletableFuture<SendReceipt> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.retryPolicy().deadline().toNanos();
    Attempt a = new Attempt(message, clientMessage, deadline, result);
    pending.add(a);
    result.whenComplete(
        (r, e) -> {
          pending.remove(a);
          inFlight.release();
        });
    attempt(a, 1, false);
    return result;
  }

  private boolean acquirePermit(OutgoingMessage message) {
    if (closed.get()) {
      return false;
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SendFailedException(
          Outcome.NOT_STORED, message.steadfastId(), 0, "interrupted waiting for a send slot", e);
    }
    return true;
  }

  /** One logical send across its attempts. */
  private record Attempt(
      OutgoingMessage message,
      Message clientMessage,
      long deadlineNanos,
      CompletableFuture<SendReceipt> result) {}

  private void attempt(Attempt a, int number, boolean earlierMaybeStored) {
    CompletableFuture<org.apache.rocketmq.client.apis.producer.SendReceipt> sent;
    try {
      sent = producer.sendAsync(a.clientMessage());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    // The client times requests out itself; this guard makes sure no future is left hanging.
    long guardMillis = config.client().requestTimeout().toMillis() * 2 + 1000;
    sent.orTimeout(guardMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (receipt, failure) -> {
              if (failure == null) {
                a.result()
                    .complete(
                        new SendReceipt(
                            receipt.getMessageId().toString(),
                            a.message().steadfastId(),
                            a.message().topic(),
                            number));
              } else {
                onAttemptFailed(a, number, earlierMaybeStored, failure);
              }
            });
  }

  private void onAttemptFailed(Attempt a, int number, boolean earlierMaybeStored, Throwable e) {
    Classification c = SendFailureClassifier.classify(e);
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
      a.result()
          .completeExceptionally(
              new SendFailedException(
                  outcome, a.message().steadfastId(), number, text, SendFailureClassifier.unwrap(e)));
      return;
    }
    log.debug(
        "send attempt {} of steadfast-id {} failed ({}), retrying in {}",
        number,
        a.message().steadfastId(),
        c.reason(),
        backoff);
    config.metrics().sendRetried(a.message().topic(), number);
    try {
      retryTimer.schedule(
          () -> attempt(a, number + 1, maybeStored), backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      failUnfinished(a, outcome);
    }
  }

  private static void failUnfinished(Attempt a, Outcome outcome) {
    a.result()
        .completeExceptionally(
            new SendFailedException(
                outcome,
                a.message().steadfastId(),
                0,
                "sender closed before steadfast-id " + a.message().steadfastId() + " was acked",
                null));
  }

  private Message toClientMessage(OutgoingMessage m) {
    Codec codec = config.codecs().encoderFor(m.payload());
    MessageBuilder b =
        provider
            .newMessageBuilder()
            .setTopic(m.topic())
            .setBody(codec.encode(m.payload()))
            .addProperty(MessageProperties.STEADFAST_ID, m.steadfastId())
            .addProperty(MessageProperties.CONTENT_TYPE, codec.contentType());
    if (m.tag() != null) {
      b.setTag(m.tag());
    }
    if (!m.keys().isEmpty()) {
      b.setKeys(m.keys().toArray(String[]::new));
    }
    if (m.messageGroup() != null) {
      b.setMessageGroup(m.messageGroup());
    }
    if (m.deliveryDelay() != null) {
      b.setDeliveryTimestamp(System.currentTimeMillis() + m.deliveryDelay().toMillis());
    }
    return b.build();
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
   * Stops accepting sends, waits up to the retry deadline for sends in flight to finish, then
   * closes the producer.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      long waitMillis = config.retryPolicy().deadline().toMillis();
      if (!inFlight.tryAcquire(config.maxInFlight(), waitMillis, TimeUnit.MILLISECONDS)) {
        log.warn(
            "Closing sender with {} send(s) still in flight; their futures fail as MAYBE_STORED",
            config.maxInFlight() - inFlight.availablePermits());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retryTimer.shutdownNow();
    for (Attempt a : pending) {
      failUnfinished(a, Outcome.MAYBE_STORED);
    }
    try {
      producer.close();
    } catch (java.io.IOException e) {
      log.warn("Closing the RocketMQ producer failed", e);
    }
  }
}
