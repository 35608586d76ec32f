package io.steadfast.codec;

import java.lang.reflect.Type;

/** Passes {@code byte[]} bodies through unchanged. */
public final class BytesCodec implements Codec {
  public static final String CONTENT_TYPE = "application/octet-stream";

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public boolean canEncode(Object payload) {
    return payload instanceof byte[];
  }

  @Override
  public byte[] encode(Object payload) {
    return ((byte[]) payload).clone();
  }

  @Override
  public boolean canDecode(Type type) {
    return type == byte[].class;
  }

  @Override
  public Object decode(byte[] body, Type type) {
    return body;
  }
}
