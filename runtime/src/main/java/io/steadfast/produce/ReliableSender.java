package io.steadfast.produce;

import java.util.concurrent.CompletableFuture;

/**
 * Sends messages and reports success only on a broker ack. Every failure is a {@link
 * SendFailedException} that says whether the message is not stored, maybe stored, or can never be
 * stored. Generated {@code *_ReliableProducer} classes delegate to this interface.
 */
public interface ReliableSender extends AutoCloseable {

  /** Sends and blocks until the broker acked; retries within the configured policy. */
  SendAck send(OutgoingMessage message) throws SendFailedException;

  /**
   * Sends asynchronously. The future completes normally only on an ack and exceptionally with a
   * {@link SendFailedException} on every failure. Blocks while the in-flight window is full, at
   * most the retry policy's deadline: if no slot frees by then, or the sender closes meanwhile, the
   * future fails as NOT_STORED. Dependent stages never run on the client's callback threads and may
   * send again.
   */
  CompletableFuture<SendAck> sendAsync(OutgoingMessage message);

  @Override
  void close();
}
