package io.steadfast.samples.orders;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import java.sql.Connection;

/**
 * The order service's events through the transactional outbox. The {@code Connection} parameter
 * makes the generated {@code OrderOutbox_ReliableProducer} enqueue: the event becomes a row of the
 * outbox table in the caller's transaction, so it exists if and only if the order row committed,
 * and an outbox relay sends it. The same topic, tag and key as {@link OrderEvents}: consumers
 * cannot tell the two apart.
 */
@ReliableProducer(topic = OrderEvents.TOPIC)
public interface OrderOutbox {
  @Send(tag = "created")
  void created(Connection tx, @Key String orderId, OrderCreated event);
}
