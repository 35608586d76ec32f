package io.steadfast.testkit;

/**
 * A server of the embedded cluster failed to start or to execute a command. {@link #output()}
 * holds what the failing child JVM printed (stdout and stderr), e.g. a plugin's refusal.
 */
public class EmbeddedRocketMQException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String output;

  public EmbeddedRocketMQException(String message, String output) {
    super(output.isEmpty() ? message : message + "\n--- server output ---\n" + output);
    this.output = output;
  }

  /** The failing server's stdout and stderr up to the failure. */
  public String output() {
    return output;
  }
}
