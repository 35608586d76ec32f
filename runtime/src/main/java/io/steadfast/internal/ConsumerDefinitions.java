package io.steadfast.internal;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import java.util.List;

/** The runtime's check of a whole {@link ConsumerDefinition}; not for direct use. */
public final class ConsumerDefinitions {
  private ConsumerDefinitions() {}

  /**
   * Throws an {@link IllegalArgumentException} unless {@code definition} has handlers and no two of
   * them receive the same topic and tag ({@link SubscriptionRules}). {@code ConsumerDefinition.of}
   * and the consumer engine check every definition with this.
   */
  public static void requireValid(ConsumerDefinition definition) {
    List<HandlerBinding<?>> bindings = definition.handlers();
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException("Consumer " + definition.group() + " has no handlers.");
    }
    SubscriptionRules.requireNoOverlap(
        "Consumer " + definition.group(),
        bindings,
        HandlerBinding::topic,
        HandlerBinding::tag,
        HandlerBinding::toString);
  }
}
