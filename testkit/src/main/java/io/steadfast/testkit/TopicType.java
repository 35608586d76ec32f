package io.steadfast.testkit;

/** RocketMQ 5 topic message types; gRPC clients may only send matching messages to a topic. */
public enum TopicType {
  NORMAL,
  FIFO,
  DELAY,
  TRANSACTION
}
