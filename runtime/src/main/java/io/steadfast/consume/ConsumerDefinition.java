package io.steadfast.consume;

import java.util.List;

/**
 * A consumer group and its handlers. Generated {@code *_IdempotentConsumer} classes implement it;
 * hand-written consumers can too.
 */
public interface ConsumerDefinition {
  /** RocketMQ consumer group and dedup namespace. */
  String group();

  /** One binding per topic and tag, sorted for determinism. */
  List<HandlerBinding<?>> handlers();
}
