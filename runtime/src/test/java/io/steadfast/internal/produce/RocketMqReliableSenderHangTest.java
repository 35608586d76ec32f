package io.steadfast.internal.produce;

import static io.steadfast.internal.produce.SenderFixtures.config;
import static io.steadfast.internal.produce.SenderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing the sender does can hang a caller: close, a failing listener or receipt, continuations
 * that send again, a window that never frees. Every wait here is bounded, so a regression fails
 * instead of hanging the build.
 */
class RocketMqReliableSenderHangTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** Stands in for the client's callback pool: one thread, like a busy client with few cores. */
  private final ExecutorService clientCallbacks =
      Executors.newSingleThreadExecutor(r -> daemon(r, "client-callback"));

  @AfterEach
  void stopClientCallbacks() {
    clientCallbacks.shutdownNow();
  }

  @Test
  void aSendWaitingForASlotWhenCloseHappensFailsAsClosed() throws Exception {
    ScriptedProducer producer =
        new ScriptedProducer().then(CompletableFuture::new).then(CompletableFuture::new);
    // close waits the deadline for "a", which never gets an answer.
    RocketMqReliableSender sender =
        RocketMqReliableSender.over(producer, config(1, 1, Duration.ofSeconds(2)).build());
    CompletableFuture<SendAck> first = sender.sendAsync(order("a"));
    FutureTask<CompletableFuture<SendAck>> waiting =
        callThatBlocks(() -> sender.sendAsync(order("b")));

    sender.close();

    assertFailsAsClosed(waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS));
    assertThat(first).failsWithin(BOUND);
    assertThat(producer.sent).hasSize(1);
  }

  /** A caller between the closed check and the wait for a slot when close runs is not stranded. */
  @Test
  void sendsRacingCloseEitherFinishOrFailAsClosed() throws Exception {
    for (int round = 0; round < 50; round++) {
      RocketMqReliableSender sender =
          RocketMqReliableSender.over(new ScriptedProducer(), config(1, 1));
      ConcurrentLinkedQueue<CompletableFuture<SendAck>> futures = new ConcurrentLinkedQueue<>();
      CountDownLatch sending = new CountDownLatch(4);
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread caller =
            daemon(
                () -> {
                  sending.countDown();
                  CompletableFuture<SendAck> f;
                  do {
                    f = sender.sendAsync(order("r"));
                    futures.add(f);
                  } while (!f.isCompletedExceptionally());
                },
                "racing-caller-" + i);
        callers.add(caller);
        caller.start();
      }
      sending.await();

      sender.close();

      for (Thread caller : callers) {
        caller.join(BOUND.toMillis());
        assertThat(caller.isAlive()).as("caller %s in round %d", caller.getName(), round).isFalse();
      }
      for (CompletableFuture<SendAck> f : futures) {
        assertThat(f.handle((r, e) -> e == null ? "acked" : e.getMessage()))
            .succeedsWithin(BOUND)
            .isIn("acked", "sender is closed");
      }
    }
  }

  @Test
  void aThrowingMetricsListenerDoesNotStrandTheSend() {
    ScriptedProducer producer =
        new ScriptedProducer().thenFail(new TooManyRequestsException(42900, "r", "busy"));
    SteadfastMetrics broken =
        new SteadfastMetrics() {
          @Override
          public void sendRetried(String topic, int failedAttempt) {
            throw new IllegalStateException("listener bug");
          }
        };
    SenderConfig config = config(2, 8, Duration.ofSeconds(30)).metrics(broken).build();
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config)) {
      CompletableFuture<SendAck> sent = sender.sendAsync(order("m"));

      assertThat(sent).succeedsWithin(BOUND).extracting(SendAck::attempts).isEqualTo(2);
    }
  }

  @Test
  void aReceiptThatCannotBeReadStillCompletesTheFuture() {
    ScriptedProducer producer =
        new ScriptedProducer()
            .then(
                () ->
                    CompletableFuture.completedFuture(
                        new SendReceipt() {
                          @Override
                          public MessageId getMessageId() {
                            throw new IllegalStateException("corrupt receipt");
                          }

                          @Override
                          public String getRecallHandle() {
                            return null;
                          }
                        }));
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(1, 8))) {
      CompletableFuture<SendAck> sent = sender.sendAsync(order("x"));

      assertThat(sent)
          .failsWithin(BOUND)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SendFailedException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.MAYBE_STORED));
    }
  }

  @Test
  void aContinuationThatSendsAgainDoesNotDeadlockAWindowOfOne() throws Exception {
    CompletableFuture<SendReceipt> ackA = new CompletableFuture<>();
    ScriptedProducer producer = new ScriptedProducer().then(() -> ackA);
    try (RocketMqReliableSender sender =
        RocketMqReliableSender.over(producer, config(1, 1, BOUND).build())) {
      CompletableFuture<CompletableFuture<SendAck>> chained =
          sender.sendAsync(order("a")).thenApply(r -> sender.sendAsync(order("b")));

      clientCallbacks
          .submit(() -> ackA.complete(ScriptedProducer.ack(1).join()))
          .get(BOUND.toSeconds(), TimeUnit.SECONDS);

      assertThat(chained).succeedsWithin(BOUND);
      assertThat(chained.join()).succeedsWithin(BOUND);
      assertThat(producer.sent).hasSize(2);
    }
  }

  @Test
  void continuationsThatBlockOnTheirNextSendDoNotStallTheOthers() throws Exception {
    int chains = 4 * Math.max(2, Runtime.getRuntime().availableProcessors()); // > the completers
    ScriptedProducer producer = new ScriptedProducer();
    for (int i = 1; i <= 2 * chains; i++) {
      int n = i;
      producer.then(() -> ackOnClientThread(n));
    }
    try (RocketMqReliableSender sender =
        RocketMqReliableSender.over(producer, config(1, chains, BOUND).build())) {
      List<CompletableFuture<SendAck>> next = new ArrayList<>();
      for (int i = 0; i < chains; i++) {
        String id = "b" + i;
        // Each continuation blocks in the synchronous send of its next message until that is acked.
        next.add(sender.sendAsync(order("a" + i)).thenApply(r -> sender.send(order(id))));
      }

      for (CompletableFuture<SendAck> f : next) {
        assertThat(f).succeedsWithin(BOUND);
      }
      assertThat(producer.sent).hasSize(2 * chains);
    }
  }

  @Test
  void continuationsDoNotRunOnTheClientsCallbackThread() throws Exception {
    CompletableFuture<SendReceipt> ackA = new CompletableFuture<>();
    ScriptedProducer producer =
        new ScriptedProducer()
            .then(() -> ackA)
            .then(() -> ackOnClientThread(2))
            .then(() -> ackOnClientThread(3));
    Thread clientThread = clientCallbacks.submit(Thread::currentThread).get();
    try (RocketMqReliableSender sender =
        RocketMqReliableSender.over(producer, config(1, 1, BOUND).build())) {
      CompletableFuture<SendAck> a = sender.sendAsync(order("a"));
      // A second caller waits for the only slot: the continuation below may find the window full.
      FutureTask<CompletableFuture<SendAck>> c = callThatBlocks(() -> sender.sendAsync(order("c")));
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      CompletableFuture<CompletableFuture<SendAck>> b =
          a.thenApply(
              r -> {
                ranOn.set(Thread.currentThread());
                return sender.sendAsync(order("b"));
              });

      clientCallbacks.execute(() -> ackA.complete(ScriptedProducer.ack(1).join()));

      assertThat(b).succeedsWithin(BOUND);
      assertThat(b.join()).succeedsWithin(BOUND);
      assertThat(c.get(BOUND.toSeconds(), TimeUnit.SECONDS)).succeedsWithin(BOUND);
      assertThat(ranOn.get()).isNotSameAs(clientThread);
    }
  }

  @Test
  void aSendWaitingForASlotGivesUpAtTheRetryDeadline() throws Exception {
    ScriptedProducer producer = new ScriptedProducer().then(CompletableFuture::new);
    try (RocketMqReliableSender sender =
        RocketMqReliableSender.over(producer, config(1, 1, Duration.ofMillis(300)).build())) {
      sender.sendAsync(order("a"));
      FutureTask<CompletableFuture<SendAck>> waiting = call(() -> sender.sendAsync(order("b")));

      CompletableFuture<SendAck> second = waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS);

      assertThat(second)
          .failsWithin(BOUND)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SendFailedException.class,
              e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.NOT_STORED);
                assertThat(e).hasMessageContaining("no send slot");
              });
      assertThat(producer.sent).hasSize(1);
    }
  }

  private CompletableFuture<SendReceipt> ackOnClientThread(int n) {
    return CompletableFuture.supplyAsync(() -> ScriptedProducer.ack(n).join(), clientCallbacks);
  }

  private static void assertFailsAsClosed(CompletableFuture<SendAck> f) {
    assertThat(f)
        .failsWithin(BOUND)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            SendFailedException.class,
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.NOT_STORED);
              assertThat(e).hasMessage("sender is closed");
            });
  }

  /** Starts {@code call} on its own thread and returns once that thread is parked in it. */
  private static <T> FutureTask<T> callThatBlocks(Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    Thread caller = daemon(task, "blocked-caller");
    caller.start();
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () ->
                caller.getState() == Thread.State.WAITING
                    || caller.getState() == Thread.State.TIMED_WAITING);
    return task;
  }

  /** Starts {@code call} on its own thread, so a regression that blocks it cannot hang the test. */
  private static <T> FutureTask<T> call(Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    daemon(task, "caller").start();
    return task;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
