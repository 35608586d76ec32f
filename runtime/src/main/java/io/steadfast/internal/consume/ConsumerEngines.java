package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;

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
}
