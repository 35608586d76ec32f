package io.steadfast.processor.e2e;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;
import org.apache.ibatis.session.SqlSession;

/** Transactional: the handler's writes and the dedup record commit or roll back together. */
@IdempotentConsumer(group = "e2e-payments")
public interface Payments {
  @OnMessage(topic = ShopEvents.PAYMENTS, tag = "paid")
  void onPaid(OrderPlaced event, SqlSession tx, MessageContext context) throws Exception;
}
