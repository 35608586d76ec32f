package io.steadfast.consume;

/** Starts the engine that fits a {@link ConsumerConfig}. */
public final class Consumers {
  private Consumers() {}

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
