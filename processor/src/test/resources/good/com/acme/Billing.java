package com.acme;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.consume.MessageContext;
import java.sql.Connection;
import java.util.List;
import org.apache.ibatis.session.SqlSession;

@IdempotentConsumer(group = "billing")
public interface Billing {
  @OnMessage(topic = "orders", tag = "created", key = "customer.id")
  void onCreated(OrderCreated event, MessageContext ctx) throws Exception;

  @OnMessage(topic = "orders", tag = "paid", key = "paymentId")
  void onPaid(SqlSession tx, OrderPaid event);

  @OnMessage(topic = "order-lines")
  void onLines(List<OrderLine> lines);

  @OnMessage(topic = "refunds", key = "paymentId")
  void onRefund(OrderPaid event, Connection connection) throws Exception;

  @OnMessage(topic = "reminders", key = "amountCents")
  void onReminder(OrderCreated event, MessageContext ctx);
}
