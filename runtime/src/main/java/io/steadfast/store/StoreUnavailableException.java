package io.steadfast.store;

/**
 * The dedup store could not be reached or did not answer. Consumers fail closed on it: the message
 * is neither processed nor acked, so the broker redelivers it later.
 */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
