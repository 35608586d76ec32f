package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import io.steadfast.consume.MessageContext;
import io.steadfast.produce.SendAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class PrivateInterface {
  @ReliableProducer(topic = "orders")
  private interface Hidden {
    @Send
    void send(OrderCreated event);
  }
}
