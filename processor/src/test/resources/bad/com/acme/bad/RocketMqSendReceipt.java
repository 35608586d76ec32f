package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

/** Returns the RocketMQ client's own receipt instead of Steadfast's SendAck. */
@ReliableProducer(topic = "orders")
public interface RocketMqSendReceipt {
  @Send
  SendReceipt send(OrderCreated event);
}
