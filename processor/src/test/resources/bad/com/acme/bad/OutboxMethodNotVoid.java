package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import io.steadfast.produce.SendAck;
import java.sql.Connection;

@ReliableProducer(topic = "orders")
public interface OutboxMethodNotVoid {
  @Send
  SendAck created(Connection tx, OrderCreated event);
}
