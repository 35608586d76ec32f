package io.steadfast.testing;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.MessageHandler;

/** Hand-written consumer definitions, as a user without the annotation processor writes them. */
public final class Definitions {
  private Definitions() {}

  /** A group with one handler for every tag of {@code topic}, keyed by the default key. */
  public static <T> ConsumerDefinition single(
      String group, String topic, Class<T> type, MessageHandler<T> handler) {
    return ConsumerDefinition.of(group, HandlerBinding.builder(topic, "*", type).handler(handler));
  }

  /**
   * Like {@link #single}, but the handler gets the store's {@code SqlSession} (transactional mode).
   */
  public static <T> ConsumerDefinition transactional(
      String group, String topic, Class<T> type, MessageHandler<T> handler) {
    return ConsumerDefinition.of(
        group, HandlerBinding.builder(topic, "*", type).transactional().handler(handler));
  }
}
