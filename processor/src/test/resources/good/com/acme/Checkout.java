package com.acme;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;
import java.sql.Connection;
import org.apache.ibatis.session.SqlSession;

/** Sends at once and enqueues into the outbox, by method. */
@ReliableProducer(topic = "checkout")
public interface Checkout {
  @Send(tag = "started")
  SendAck started(@Key String orderId, OrderCreated event);

  @Send(tag = "placed")
  void placed(Connection tx, @Key String orderId, OrderCreated event);

  @Send(tag = "paid", messageGroup = "payments")
  void paid(@Key String orderId, OrderPaid event, SqlSession session);
}
