package io.steadfast.inbox;

/**
 * An inbox row parked after its handler failed on every attempt (or its message could not be
 * handled at all); {@link InboxStore#replay(long)} runs it again.
 *
 * @param id the row's id (what {@code replay} takes)
 * @param dedupKey the stored dedup key
 * @param messageId the broker's message id
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param attempts handler runs so far
 * @param reason the last failure
 */
public record ParkedInboxMessage(
    long id,
    String dedupKey,
    String messageId,
    String topic,
    String tag,
    int attempts,
    String reason) {}
