package io.steadfast.internal.produce;

import io.steadfast.produce.SendFailedException.Outcome;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What one failed send attempt means for the message, and whether another attempt may help. Each
 * transport's classifier produces these; the tables are in docs/rocketmq-behaviour.md. Internal.
 *
 * @param outcome what the broker may have done with the message
 * @param retryable whether the sender's own retry loop tries again
 * @param reason for logs and the caller's exception
 */
public record SendClassification(Outcome outcome, boolean retryable, String reason) {

  /** Refused before storing (flow control, no connection): retried. */
  public static SendClassification notStored(int code, String reason) {
    return new SendClassification(Outcome.NOT_STORED, true, reason + " [" + code + "]");
  }

  /** No answer, or stored without the promised durability: retried under the same id. */
  public static SendClassification maybeStored(int code, String reason) {
    return new SendClassification(Outcome.MAYBE_STORED, true, reason + " [" + code + "]");
  }

  /** Can never be stored as sent: not retried. */
  public static SendClassification permanent(int code, String reason) {
    return new SendClassification(Outcome.PERMANENT, false, reason + " [" + code + "]");
  }

  /** Strips the future wrappers around a client's exception. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
