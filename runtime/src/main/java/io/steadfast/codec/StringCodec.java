package io.steadfast.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Passes {@code String} payloads through as UTF-8; malformed UTF-8 is rejected, not replaced. */
public final class StringCodec implements Codec {
  public static final String CONTENT_TYPE = "text/plain;charset=utf-8";

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public boolean canEncode(Object payload) {
    return payload instanceof String;
  }

  @Override
  public byte[] encode(Object payload) {
    return ((String) payload).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean canDecode(Type type) {
    return type == String.class;
  }

  @Override
  public Object decode(byte[] body, Type type) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException("body is not valid UTF-8", e);
    }
  }
}
