package io.steadfast.produce;

/**
 * Proof that the broker acknowledged (stored) a message. (Not {@code SendReceipt}: that is the
 * RocketMQ client's own type, on every user's classpath, and an IDE's auto-import would offer it.)
 *
 * @param messageId broker message id of the acked attempt
 * @param steadfastId idempotency id carried by every attempt in the {@code steadfast-id} property
 * @param topic topic the message was stored in
 * @param attempts how many send attempts it took (1 = no retry)
 */
public record SendAck(String messageId, String steadfastId, String topic, int attempts) {}
