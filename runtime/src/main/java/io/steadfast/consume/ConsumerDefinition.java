package io.steadfast.consume;

import io.steadfast.internal.ConsumerDefinitions;
import java.util.List;
import java.util.Objects;

/**
 * A consumer group and its handlers. Generated {@code *_IdempotentConsumer} classes implement it;
 * hand-written consumers use {@link #of} (or implement it too).
 */
public interface ConsumerDefinition {
  /** RocketMQ consumer group and dedup namespace. */
  String group();

  /** One binding per topic and tag, sorted for determinism. */
  List<HandlerBinding<?>> handlers();

  /**
   * A hand-written definition: {@code group} and its bindings, in the given order.
   *
   * @throws IllegalArgumentException if there are no bindings, or two receive the same topic and
   *     tag ({@code "*"} overlaps every tag of its topic): the rule the annotation processor
   *     applies to {@code @OnMessage} methods
   */
  static ConsumerDefinition of(String group, HandlerBinding<?>... handlers) {
    Objects.requireNonNull(group, "group");
    List<HandlerBinding<?>> bindings = List.of(handlers);
    ConsumerDefinition definition =
        new ConsumerDefinition() {
          @Override
          public String group() {
            return group;
          }

          @Override
          public List<HandlerBinding<?>> handlers() {
            return bindings;
          }
        };
    ConsumerDefinitions.requireValid(definition);
    return definition;
  }
}
