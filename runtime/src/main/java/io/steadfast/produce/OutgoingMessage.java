package io.steadfast.produce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One message to send: topic, optional tag, keys, optional FIFO group or delivery delay, and the
 * payload object (encoded by the sender's codec). Generated producers build one per call.
 *
 * <p>Every message has a {@code steadfast-id}: random unless set on the builder. Resending the same
 * {@code OutgoingMessage} (or one built with the same id) after a MAYBE_STORED failure therefore
 * stays duplicate-free for consumers that deduplicate on it.
 */
public final class OutgoingMessage {
  private final String topic;
  private final String tag;
  private final List<String> keys;
  private final String messageGroup;
  private final Duration deliveryDelay;
  private final Object payload;
  private final String steadfastId;

  private OutgoingMessage(Builder b) {
    this.topic = Objects.requireNonNull(b.topic, "topic");
    this.tag = b.tag;
    this.keys = List.copyOf(b.keys);
    this.messageGroup = b.messageGroup;
    this.deliveryDelay = b.deliveryDelay;
    this.payload = Objects.requireNonNull(b.payload, "payload");
    this.steadfastId = b.steadfastId != null ? b.steadfastId : UUID.randomUUID().toString();
  }

  /** Starts a message for {@code topic}. */
  public static Builder builder(String topic) {
    return new Builder(topic);
  }

  public String topic() {
    return topic;
  }

  /** Tag, or {@code null} for none. */
  public String tag() {
    return tag;
  }

  public List<String> keys() {
    return keys;
  }

  /** FIFO message group, or {@code null}. */
  public String messageGroup() {
    return messageGroup;
  }

  /** Delivery delay, or {@code null} to deliver at once. */
  public Duration deliveryDelay() {
    return deliveryDelay;
  }

  public Object payload() {
    return payload;
  }

  /** Idempotency id carried by every send attempt in the {@code steadfast-id} property. */
  public String steadfastId() {
    return steadfastId;
  }

  /** Builder for {@link OutgoingMessage}. */
  public static final class Builder {
    private final String topic;
    private String tag;
    private final List<String> keys = new ArrayList<>();
    private String messageGroup;
    private Duration deliveryDelay;
    private Object payload;
    private String steadfastId;

    private Builder(String topic) {
      this.topic = topic;
    }

    public Builder tag(String tag) {
      this.tag = tag == null || tag.isEmpty() ? null : tag;
      return this;
    }

    /** Adds a message key; {@code null} is rejected because the key is the consumer's dedup key. */
    public Builder key(Object key) {
      keys.add(String.valueOf(Objects.requireNonNull(key, "message key must not be null")));
      return this;
    }

    public Builder messageGroup(String messageGroup) {
      this.messageGroup = messageGroup == null || messageGroup.isEmpty() ? null : messageGroup;
      return this;
    }

    public Builder deliveryDelay(Duration delay) {
      this.deliveryDelay = delay == null || delay.isZero() ? null : delay;
      return this;
    }

    public Builder payload(Object payload) {
      this.payload = payload;
      return this;
    }

    /**
     * Sets the idempotency id, e.g. to resend a message whose earlier send failed as MAYBE_STORED;
     * by default a random UUID is used.
     */
    public Builder steadfastId(String steadfastId) {
      if (steadfastId != null && steadfastId.isBlank()) {
        throw new IllegalArgumentException("steadfastId must not be blank");
      }
      this.steadfastId = steadfastId;
      return this;
    }

    public OutgoingMessage build() {
      return new OutgoingMessage(this);
    }
  }
}
