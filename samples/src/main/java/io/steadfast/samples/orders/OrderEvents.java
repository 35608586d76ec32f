package io.steadfast.samples.orders;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;
import java.util.concurrent.CompletableFuture;

/**
 * The order service's events. The processor generates {@code OrderEvents_ReliableProducer}: a send
 * completes only when the broker acked it, and the order id becomes the message key, which is also
 * the consumer's dedup key, so re-sending an order never charges it twice.
 */
@ReliableProducer(topic = OrderEvents.TOPIC)
public interface OrderEvents {
  String TOPIC = "orders";

  @Send(tag = "created")
  CompletableFuture<SendAck> created(@Key String orderId, OrderCreated event);
}
