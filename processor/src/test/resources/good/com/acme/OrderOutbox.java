package com.acme;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import java.sql.Connection;

/** Every method enqueues into the outbox, in the caller's transaction. */
@ReliableProducer(topic = "orders")
public interface OrderOutbox {
  @Send(tag = "created")
  void created(Connection tx, @Key String orderId, OrderCreated event);
}
