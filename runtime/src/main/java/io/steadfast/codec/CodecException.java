package io.steadfast.codec;

/** A payload could not be encoded, or a body could not be decoded (bad input). */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }

  public CodecException(String message) {
    super(message);
  }
}
