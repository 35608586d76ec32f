package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.inbox.InboxConfig;

/**
 * Starts the engine that fits a {@link ConsumerConfig}. Called by {@code Steadfast.consumer}; not
 * for direct use.
 */
public final class ConsumerEngines {
  private ConsumerEngines() {}

  /**
   * Starts consuming for {@code definition} (generated or hand-written) with {@code config}.
   *
   * @return the running consumer; close it to stop
   * @throws IllegalArgumentException if the definition and store do not fit together
   * @throws IllegalStateException if the RocketMQ client cannot start
   */
  public static RunningConsumer start(ConsumerDefinition definition, ConsumerConfig config) {
    return switch (config.mode()) {
      case PUSH -> new PushConsumerEngine(definition, config);
      case BATCH -> new BatchConsumerEngine(definition, config);
    };
  }

  /**
   * Starts an inbox consumer: messages are stored in the inbox and acked, handlers run from it.
   *
   * @throws IllegalStateException if the RocketMQ client cannot start
   */
  public static RunningConsumer startInbox(ConsumerDefinition definition, InboxConfig config) {
    return new InboxConsumerEngine(definition, config);
  }
}
