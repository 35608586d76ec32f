package io.steadfast.produce;

/**
 * A send that did not end in a broker ack. {@link #outcome()} tells the caller what may have
 * happened to the message.
 */
public class SendFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the failure means for the message. */
  public enum Outcome {
    /** The broker did not store the message; sending it again is safe. */
    NOT_STORED,
    /** The broker may have stored it (timeout, lost connection, flush or replica timeout). */
    MAYBE_STORED,
    /** It can never be stored as sent (missing topic, message too large, bad configuration). */
    PERMANENT
  }

  private final Outcome outcome;
  private final String steadfastId;
  private final int attempts;

  public SendFailedException(
      Outcome outcome, String steadfastId, int attempts, String message, Throwable cause) {
    super(message, cause);
    this.outcome = outcome;
    this.steadfastId = steadfastId;
    this.attempts = attempts;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Idempotency id of the failed message; resend with the same id to stay duplicate-free. */
  public String steadfastId() {
    return steadfastId;
  }

  public int attempts() {
    return attempts;
  }
}
