package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import java.sql.Connection;

@ReliableProducer(topic = "orders")
public interface TwoOutboxConnections {
  @Send
  void created(Connection tx, OrderCreated event, Connection second);
}
