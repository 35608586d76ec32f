package io.steadfast.outbox;

import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real sender that records, in one sequence, when each send of a {@code steadfast-id} started
 * ({@code "start <id>"}) and when it was acked ({@code "ack <id>"}).
 */
final class RecordingSender implements ReliableSender {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final ReliableSender real;
  private final CountDownLatch rendezvous;
  private boolean waited;

  RecordingSender(ReliableSender real) {
    this(real, new CountDownLatch(0));
  }

  /**
   * A sender whose first send counts {@code rendezvous} down and waits for it to reach zero, so
   * that several relays are each seen holding rows at the same time.
   */
  RecordingSender(ReliableSender real, CountDownLatch rendezvous) {
    this.real = real;
    this.rendezvous = rendezvous;
  }

  @Override
  public SendAck send(OutgoingMessage message) {
    return sendAsync(message).join();
  }

  @Override
  public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
    events.add("start " + message.steadfastId());
    awaitOthersOnce();
    return real.sendAsync(message)
        .whenComplete(
            (ack, failure) -> {
              if (failure == null) {
                events.add("ack " + message.steadfastId());
              }
            });
  }

  private synchronized void awaitOthersOnce() {
    if (waited) {
      return;
    }
    waited = true;
    rendezvous.countDown();
    try {
      if (!rendezvous.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other relays sent nothing within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long starts() {
    synchronized (events) {
      return events.stream().filter(e -> e.startsWith("start ")).count();
    }
  }

  @Override
  public void close() {}
}
