package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.internal.ClientClose;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every engine shares, whatever its RocketMQ client: the processor, the running state, and the
 * end of the close. It touches no client type, so a remoting engine loads without
 * rocketmq-client-java ({@link GrpcConsumerEngine} holds the gRPC start).
 */
abstract class ConsumerEngine implements RunningConsumer {
  private static final Logger log = LoggerFactory.getLogger(ConsumerEngine.class);

  /** How long closing the RocketMQ client may take before close() returns anyway. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  final MessageProcessor processor;
  final ConsumerConfig config;
  private final String kind;
  private volatile boolean closing;
  private volatile Instant lastReceive;

  /**
   * @param kind how logs name the engine: {@code "push consumer"}
   */
  ConsumerEngine(String kind, ConsumerDefinition definition, ConsumerConfig config) {
    this.kind = kind;
    this.processor = new MessageProcessor(definition, config);
    this.config = config;
  }

  /** How logs name the engine. */
  final String kind() {
    return kind;
  }

  /** The engine's client started: logs it. */
  final void started() {
    log.info("{} {} started on {}", kind, group(), config.client());
  }

  @Override
  public final String group() {
    return processor.group();
  }

  @Override
  public final boolean isRunning() {
    return !closing;
  }

  @Override
  public final Optional<Instant> lastReceive() {
    return Optional.ofNullable(lastReceive);
  }

  /** The broker answered a receive or delivered a message. */
  final void received() {
    lastReceive = Instant.now();
  }

  /** A close has begun: the engine no longer counts as running. */
  final void closing() {
    closing = true;
  }

  /**
   * Stops {@code loops} taking work and waits up to the shutdown timeout plus one receive for the
   * running ones to end; loop threads are never interrupted (a handler still running keeps its
   * claim).
   *
   * @return whether they ended in time
   */
  final boolean awaitLoops(ExecutorService loops) {
    loops.shutdown();
    try {
      long waitMillis = config.shutdownTimeout().toMillis() + config.awaitDuration().toMillis();
      return loops.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Ends a close once handlers stopped or the shutdown timeout passed ({@code idle} says which):
   * lets the processor finish, then closes the client within a bound.
   */
  final void finishClose(boolean idle, Closeable client) {
    processor.finishClose(idle);
    ClientClose.within(client, CLOSE_LIMIT, kind + " " + group());
    log.info("{} {} closed", kind, group());
  }
}
