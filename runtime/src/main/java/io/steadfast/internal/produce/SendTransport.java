package io.steadfast.internal.produce;

import io.steadfast.codec.EncodedPayload;
import io.steadfast.produce.OutgoingMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What {@link RocketMqReliableSender} needs from a RocketMQ client: send one attempt of a message,
 * say what a failed attempt means, close. The retry loop, the in-flight window and the completion
 * threads stay in the sender, the same for every transport. Internal.
 */
public interface SendTransport {

  /**
   * Builds the client's form of {@code message} once. Each call of the result starts one send
   * attempt (with the {@code steadfast-id} property and keys of {@code message}) and completes with
   * the broker's message id only when the broker acked the write; every other answer completes it
   * exceptionally. Throws if the message cannot be built (reported PERMANENT).
   */
  Supplier<CompletableFuture<String>> prepare(OutgoingMessage message, EncodedPayload payload);

  /** What a failure of an attempt started by {@link #prepare} means. */
  SendClassification classify(Throwable failure);

  /** Closes the client; returns within a bound even if the client hangs. */
  void close();
}
