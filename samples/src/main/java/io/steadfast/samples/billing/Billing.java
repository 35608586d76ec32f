package io.steadfast.samples.billing;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.orders.OrderEvents;
import org.apache.ibatis.session.SqlSession;

/**
 * Billing in transactional mode: the payment row and the dedup record commit together, so a payment
 * is applied exactly once even when the handler fails or the consumer dies mid-message. Needs a
 * JDBC dedup store (H2, PostgreSQL, MariaDB) in the same database as the payments.
 */
@IdempotentConsumer(group = Billing.GROUP)
public interface Billing {
  String GROUP = "billing";

  @OnMessage(topic = OrderEvents.TOPIC, tag = "created")
  void onCreated(OrderCreated order, MessageContext ctx, SqlSession tx) throws Exception;
}
