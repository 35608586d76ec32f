package io.steadfast.spring.it;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;

/** The test applications' producer; the starter makes it a bean. */
@ReliableProducer(topic = OrderEvents.TOPIC)
public interface OrderEvents {
  String TOPIC = "orders";

  @Send(tag = "created")
  SendAck created(@Key String orderId, OrderCreated order);
}
