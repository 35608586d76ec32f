package io.steadfast.processor.e2e;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;

/** Dedup by a key path on the payload. */
@IdempotentConsumer(group = "e2e-shipping")
public interface Shipping {
  @OnMessage(topic = ShopEvents.ORDERS, tag = "placed", key = "orderId")
  void onPlaced(OrderPlaced event, MessageContext context);
}
