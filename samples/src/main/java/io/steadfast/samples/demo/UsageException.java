package io.steadfast.samples.demo;

/** A command-line mistake; the demo prints the message and exits with code 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
