package io.steadfast.inbox;

/** An inbox operation failed in its database; the message says which and on which table. */
public class InboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
