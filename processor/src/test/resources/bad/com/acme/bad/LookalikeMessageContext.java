package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;

/** Takes a type named like Steadfast's MessageContext, as a wrong auto-import gives. */
@IdempotentConsumer(group = "billing")
public interface LookalikeMessageContext {
  interface MessageContext {}

  @OnMessage(topic = "orders")
  void on(OrderCreated event, MessageContext ctx);
}
