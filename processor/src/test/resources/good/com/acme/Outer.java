package com.acme;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;

/** Nested interfaces get Outer_Inner_* names. */
public class Outer {
  @ReliableProducer(topic = "audit")
  public interface Events {
    @Send
    void audited(OrderPaid event);
  }

  @IdempotentConsumer(group = "audit")
  interface Auditor {
    @OnMessage(topic = "audit", key = "express")
    void onAudited(OrderPaid event);
  }
}
