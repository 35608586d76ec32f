package io.steadfast.consume;

import java.util.List;
import java.util.Objects;

/**
 * A consumer group and its handlers. Generated {@code *_IdempotentConsumer} classes implement it;
 * hand-written consumers can too.
 */
public interface ConsumerDefinition {
  /** RocketMQ consumer group and dedup namespace. */
  String group();

  /** One binding per topic and tag, sorted for determinism. */
  List<HandlerBinding<?>> handlers();

  /** A hand-written definition: {@code group} and its bindings, in the given order. */
  static ConsumerDefinition of(String group, HandlerBinding<?>... handlers) {
    Objects.requireNonNull(group, "group");
    List<HandlerBinding<?>> bindings = List.of(handlers);
    return new ConsumerDefinition() {
      @Override
      public String group() {
        return group;
      }

      @Override
      public List<HandlerBinding<?>> handlers() {
        return bindings;
      }
    };
  }
}
