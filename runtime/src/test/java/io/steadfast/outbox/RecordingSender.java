package io.steadfast.outbox;

import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real sender that records, in one sequence, when each send of a {@code steadfast-id} started
 * ({@code "start <id>"}) and when it was acked ({@code "ack <id>"}).
 */
final class RecordingSender implements ReliableSender {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final ReliableSender real;

  RecordingSender(ReliableSender real) {
    this.real = real;
  }

  @Override
  public SendAck send(OutgoingMessage message) {
    return sendAsync(message).join();
  }

  @Override
  public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
    events.add("start " + message.steadfastId());
    return real.sendAsync(message)
        .whenComplete(
            (ack, failure) -> {
              if (failure == null) {
                events.add("ack " + message.steadfastId());
              }
            });
  }

  long starts() {
    synchronized (events) {
      return events.stream().filter(e -> e.startsWith("start ")).count();
    }
  }

  @Override
  public void close() {}
}
