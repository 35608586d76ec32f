package io.steadfast.samples.spring;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;

/** Producer: the starter makes it a bean; {@code placed(...)} returns once the broker acked. */
@ReliableProducer(topic = "orders")
public interface OrderEvents {
  @Send(tag = "placed")
  void placed(@Key String orderId, OrderPlaced order);
}
