package io.steadfast.codec;

import java.lang.reflect.Type;

/**
 * Turns payload objects into message bodies and back. The content type travels in the {@code
 * steadfast-content-type} property so the consumer picks the matching codec.
 */
public interface Codec {
  /** MIME type written to the message, e.g. {@code application/json}. */
  String contentType();

  /** Whether this codec can encode {@code payload}. */
  boolean canEncode(Object payload);

  /** Encodes {@code payload}; throws {@link CodecException} if it cannot. */
  byte[] encode(Object payload);

  /** Whether this codec can produce {@code type} from a body of its content type. */
  boolean canDecode(Type type);

  /** Decodes {@code body} into {@code type}; throws {@link CodecException} on bad input. */
  Object decode(byte[] body, Type type);
}
