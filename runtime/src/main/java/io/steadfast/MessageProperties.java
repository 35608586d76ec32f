package io.steadfast;

/** Names of the message properties Steadfast writes and reads. */
public final class MessageProperties {
  /** Idempotency id: the same on every send attempt of one logical message. */
  public static final String STEADFAST_ID = "steadfast-id";

  /** Content type of the body, written by the codec that encoded it. */
  public static final String CONTENT_TYPE = "steadfast-content-type";

  private MessageProperties() {}
}
