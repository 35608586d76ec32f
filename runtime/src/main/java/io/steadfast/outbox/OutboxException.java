package io.steadfast.outbox;

/** An outbox operation failed in its database; the message says which and on which table. */
public class OutboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
