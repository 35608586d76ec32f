package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import java.sql.Connection;
import org.apache.ibatis.session.SqlSession;

@IdempotentConsumer(group = "g")
public interface SessionAndConnection {
  @OnMessage(topic = "orders")
  void on(OrderCreated event, SqlSession session, Connection connection);
}
