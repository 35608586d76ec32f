package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;

/** Returns a type named like Steadfast's SendAck, as a wrong auto-import gives. */
@ReliableProducer(topic = "orders")
public interface LookalikeSendAck {
  record SendAck(String id) {}

  @Send
  SendAck send(OrderCreated event);
}
