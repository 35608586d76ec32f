package io.steadfast.testkit;

/**
 * A server of the embedded cluster failed to start or to execute a command. {@link #output()} holds
 * what the failing child JVM printed (stdout and stderr), e.g. a plugin's refusal; for a broker
 * that failed to start, {@link #brokerLog()} holds its {@code broker.log}, which the cluster's
 * cleanup deletes.
 */
public class EmbeddedRocketMQException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String summary;
  private final String output;
  private final String brokerLog;

  public EmbeddedRocketMQException(String message, String output) {
    this(message, output, "");
  }

  private EmbeddedRocketMQException(String message, String output, String brokerLog) {
    super(output.isEmpty() ? message : message + "\n--- server output ---\n" + output);
    this.summary = message;
    this.output = output;
    this.brokerLog = brokerLog;
  }

  /** This failure with the failed broker's {@code broker.log} attached. */
  EmbeddedRocketMQException withBrokerLog(String log) {
    return new EmbeddedRocketMQException(summary, output, log);
  }

  /** The failing server's stdout and stderr up to the failure. */
  public String output() {
    return output;
  }

  /** The {@code broker.log} of a broker that failed to start; empty otherwise. */
  public String brokerLog() {
    return brokerLog;
  }
}
