package io.steadfast.codec;

import java.util.Objects;

/**
 * A payload encoded earlier, for example when it was written to an outbox table: a sender sends
 * {@link #body()} as it is, with {@link #contentType()} as the message's content type, whatever its
 * own codecs are, so the consumer decodes it as if it had been sent at once.
 *
 * @param contentType the content type of the codec that encoded it
 * @param body the encoded bytes (not copied: do not change them)
 */
public record EncodedPayload(String contentType, byte[] body) {
  public EncodedPayload {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** Encodes {@code payload} with the first of {@code codecs} that accepts it. */
  public static EncodedPayload encode(Codecs codecs, Object payload) {
    if (payload instanceof EncodedPayload encoded) {
      return encoded;
    }
    Codec codec = codecs.encoderFor(payload);
    return new EncodedPayload(codec.contentType(), codec.encode(payload));
  }
}
