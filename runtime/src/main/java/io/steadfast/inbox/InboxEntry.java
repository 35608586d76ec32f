package io.steadfast.inbox;

import java.util.List;
import java.util.Map;

/**
 * A delivered message as the inbox stores it.
 *
 * @param group the consumer group (the namespace of dedup keys)
 * @param dedupKey the stored dedup key ({@code topic:tag:key}, as the idempotent consumer's)
 * @param messageId the broker's message id
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param keys message keys
 * @param properties user properties ({@code steadfast-id} and content type included)
 * @param body the message body, as delivered
 * @param orderKey the message group of a FIFO message, or {@code null}: rows of one order key run
 *     one after another when the consumer keeps order
 */
public record InboxEntry(
    String group,
    String dedupKey,
    String messageId,
    String topic,
    String tag,
    List<String> keys,
    Map<String, String> properties,
    byte[] body,
    String orderKey) {
  public InboxEntry {
    keys = List.copyOf(keys);
    properties = Map.copyOf(properties);
  }
}
