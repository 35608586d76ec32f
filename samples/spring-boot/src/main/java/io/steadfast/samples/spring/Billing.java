package io.steadfast.samples.spring;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;

/** Consumer: a bean implementing it is started with the application. */
@IdempotentConsumer(group = "billing")
public interface Billing {
  @OnMessage(topic = "orders", tag = "placed")
  void onPlaced(OrderPlaced order);
}
