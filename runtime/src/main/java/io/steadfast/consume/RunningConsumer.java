package io.steadfast.consume;

import java.time.Instant;
import java.util.Optional;

/**
 * A started consumer. {@link #close()} stops receiving, lets handlers in flight finish and complete
 * up to the configured shutdown timeout, releases the claims of messages whose handler never
 * started, and closes the client. It never releases the claim of a handler that may still be
 * writing: such a claim stays renewed until its handler ends, so no copy runs beside it.
 */
public interface RunningConsumer extends AutoCloseable {
  /** The consumer group. */
  String group();

  /** True from start until {@link #close()} begins. */
  boolean isRunning();

  /**
   * When the broker last answered a receive (BATCH mode, an empty long poll included) or delivered
   * a message (PUSH mode); empty before the first. Health checks show the time since.
   */
  Optional<Instant> lastReceive();

  @Override
  void close();
}
