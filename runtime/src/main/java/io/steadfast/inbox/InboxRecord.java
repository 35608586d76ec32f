package io.steadfast.inbox;

import java.util.List;
import java.util.Map;

/**
 * An inbox row claimed by a worker.
 *
 * @param id the row's id, increasing in arrival order
 * @param owner the claim's owner token; completing, retrying and parking check it
 * @param dedupKey the stored dedup key
 * @param messageId the broker's message id
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param keys message keys
 * @param properties user properties
 * @param body the message body
 * @param attempt this claim's number: 1 for the first run of the handler
 */
public record InboxRecord(
    long id,
    String owner,
    String dedupKey,
    String messageId,
    String topic,
    String tag,
    List<String> keys,
    Map<String, String> properties,
    byte[] body,
    int attempt) {
  public InboxRecord {
    keys = List.copyOf(keys);
    properties = Map.copyOf(properties);
  }
}
