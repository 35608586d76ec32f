package io.steadfast.consume;

/**
 * A started consumer. {@link #close()} stops receiving, lets handlers in flight finish and complete
 * up to the configured shutdown timeout, releases the claims of messages whose handler never
 * started, and closes the client. It never releases the claim of a handler that may still be
 * writing: such a claim stays renewed until its handler ends, so no copy runs beside it.
 */
public interface RunningConsumer extends AutoCloseable {
  /** The consumer group. */
  String group();

  @Override
  void close();
}
