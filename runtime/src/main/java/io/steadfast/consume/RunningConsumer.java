package io.steadfast.consume;

/**
 * A started consumer. {@link #close()} stops receiving, lets handlers in flight finish up to the
 * configured shutdown timeout, releases claims of unfinished work and closes the client.
 */
public interface RunningConsumer extends AutoCloseable {
  /** The consumer group. */
  String group();

  @Override
  void close();
}
