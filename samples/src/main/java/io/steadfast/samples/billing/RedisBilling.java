package io.steadfast.samples.billing;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.orders.OrderEvents;

/**
 * Billing with the dedup records in Redis: the payment is written in its own database transaction,
 * then the Redis record is marked done. A crash between the two (a window of one round trip) can
 * apply a payment twice; use {@link Billing} where payments live in SQL.
 */
@IdempotentConsumer(group = Billing.GROUP)
public interface RedisBilling {
  @OnMessage(topic = OrderEvents.TOPIC, tag = "created")
  void onCreated(OrderCreated order, MessageContext ctx) throws Exception;
}
