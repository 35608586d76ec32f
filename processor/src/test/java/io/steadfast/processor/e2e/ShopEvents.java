package io.steadfast.processor.e2e;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;
import java.util.concurrent.CompletableFuture;

/** Compiled by the real processor during this module's test-compile. */
@ReliableProducer(topic = ShopEvents.ORDERS)
public interface ShopEvents {
  String ORDERS = "e2e-orders";
  String PAYMENTS = "e2e-payments";

  @Send(tag = "placed")
  SendAck placed(@Key String orderId, OrderPlaced event);

  @Send(tag = "placed")
  CompletableFuture<SendAck> placedAsync(@Key String orderId, OrderPlaced event);

  @Send(topic = PAYMENTS, tag = "paid")
  SendAck paid(@Key String orderId, OrderPlaced event);
}
