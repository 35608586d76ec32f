package io.steadfast.codec;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * The codecs a sender or consumer uses, in order of preference. Encoding picks the first codec that
 * accepts the payload; decoding picks the codec named by the message's content type, or, for
 * messages without one (not sent by Steadfast), the first codec that can produce the type.
 */
public final class Codecs {
  private final List<Codec> codecs;

  /** Codecs tried in the given order. */
  public Codecs(List<Codec> codecs) {
    if (codecs.isEmpty()) {
      throw new IllegalArgumentException("at least one codec is needed");
    }
    this.codecs = List.copyOf(codecs);
  }

  /** {@code byte[]} and {@code String} pass through; everything else is JSON. */
  public static Codecs defaults() {
    return new Codecs(List.of(new BytesCodec(), new StringCodec(), new JsonCodec()));
  }

  /** The codec for {@code payload}. */
  public Codec encoderFor(Object payload) {
    Objects.requireNonNull(payload, "payload");
    for (Codec codec : codecs) {
      if (codec.canEncode(payload)) {
        return codec;
      }
    }
    throw new CodecException("no codec can encode " + payload.getClass().getName());
  }

  /**
   * Decodes {@code body} into {@code type}. A {@code String} or {@code byte[]} target receives the
   * body itself whatever its content type.
   *
   * @param contentType the message's content type, or {@code null} if it has none
   */
  public Object decode(byte[] body, String contentType, Type type) {
    for (Codec codec : codecs) {
      if (codec.canDecode(type) && (type == byte[].class || type == String.class)) {
        return codec.decode(body, type);
      }
    }
    for (Codec codec : codecs) {
      boolean matches =
          contentType == null ? codec.canDecode(type) : sameType(codec.contentType(), contentType);
      if (matches) {
        if (!codec.canDecode(type)) {
          break;
        }
        return codec.decode(body, type);
      }
    }
    throw new CodecException(
        "no codec decodes content type " + contentType + " into " + type.getTypeName());
  }

  private static boolean sameType(String a, String b) {
    return mediaType(a).equalsIgnoreCase(mediaType(b));
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }
}
