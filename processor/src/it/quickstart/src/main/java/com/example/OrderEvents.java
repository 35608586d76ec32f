package com.example;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;
import java.util.concurrent.CompletableFuture;

@ReliableProducer(topic = "orders")
public interface OrderEvents {
  @Send(tag = "created")
  SendAck created(@Key String orderId, OrderCreated event);

  @Send(tag = "created")
  CompletableFuture<SendAck> createdAsync(@Key String orderId, OrderCreated event);
}
