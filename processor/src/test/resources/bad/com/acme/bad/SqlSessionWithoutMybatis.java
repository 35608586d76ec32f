package com.acme.bad;

import com.acme.OrderPaid;
import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import org.apache.ibatis.session.SqlSession;

@IdempotentConsumer(group = "g")
public interface SqlSessionWithoutMybatis {
  @OnMessage(topic = "payments")
  void on(OrderPaid event, SqlSession tx);
}
