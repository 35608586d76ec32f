package io.steadfast.spring.it;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;

/** The test applications' consumer: each implements it with its own data layer. */
@IdempotentConsumer(group = Billing.GROUP)
public interface Billing {
  String GROUP = "billing";

  @OnMessage(topic = OrderEvents.TOPIC, tag = "created")
  void onCreated(OrderCreated order);
}
