package com.example;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;

@IdempotentConsumer(group = "billing")
public interface Billing {
  @OnMessage(topic = "orders", tag = "created", key = "orderId")
  void onCreated(OrderCreated event, MessageContext ctx) throws Exception;
}
