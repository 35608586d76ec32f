package io.steadfast.outbox;

import java.util.List;

/**
 * An outbox row parked after a permanent send failure; {@link OutboxStore#replay(long)} sends it
 * again.
 *
 * @param id the row's id (what {@code replay} takes)
 * @param steadfastId the message's idempotency id
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param keys message keys
 * @param attempts send attempts so far
 * @param reason the failure that parked it
 */
public record ParkedMessage(
    long id,
    String steadfastId,
    String topic,
    String tag,
    List<String> keys,
    int attempts,
    String reason) {
  public ParkedMessage {
    keys = List.copyOf(keys);
  }
}
