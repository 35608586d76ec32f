package com.acme;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;

@ReliableProducer(topic = "orders")
public interface OrderEvents {
  @Send(tag = "created")
  SendAck created(@Key String orderId, OrderCreated event);

  @Send(tag = "paid")
  CompletableFuture<SendAck> paid(@Key String orderId, OrderPaid event);

  @Send(topic = "order-lines", tag = "added", messageGroup = "lines")
  void linesAdded(@Key String orderId, @Key int batch, List<OrderLine> lines);

  @Send(topic = "reminders", delayMillis = 60000)
  void remind(OrderCreated event);

  /** Default methods are left alone. */
  default SendAck created(OrderCreated event) {
    return created(event.orderId(), event);
  }
}
