package io.steadfast.outbox;

import io.steadfast.codec.EncodedPayload;
import io.steadfast.produce.OutgoingMessage;
import java.time.Duration;
import java.util.List;

/**
 * One outbox row claimed by a relay: the message as it was enqueued, and the claim that leases it.
 *
 * @param id the row's id, increasing in enqueue order
 * @param owner the claim's owner token; every later change of the row checks it
 * @param steadfastId the message's idempotency id, the same on every send of this row
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param keys message keys, in order
 * @param messageGroup FIFO message group, or {@code null}
 * @param deliveryDelay what is left of the delivery delay (counted from the enqueue), or {@code
 *     null}
 * @param payload the body and its content type, encoded at enqueue time
 * @param attempt this claim's number: 1 for the first send of the row
 */
public record OutboxRecord(
    long id,
    String owner,
    String steadfastId,
    String topic,
    String tag,
    List<String> keys,
    String messageGroup,
    Duration deliveryDelay,
    EncodedPayload payload,
    int attempt) {
  public OutboxRecord {
    keys = List.copyOf(keys);
  }

  /** The message to send: the same {@code steadfast-id}, keys, tag and body as enqueued. */
  public OutgoingMessage message() {
    OutgoingMessage.Builder b =
        OutgoingMessage.builder(topic)
            .tag(tag)
            .messageGroup(messageGroup)
            .deliveryDelay(deliveryDelay)
            .payload(payload)
            .steadfastId(steadfastId);
    keys.forEach(b::key);
    return b.build();
  }
}
