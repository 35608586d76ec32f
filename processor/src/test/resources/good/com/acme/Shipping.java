package com.acme;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import java.util.List;
import java.util.Map;

/** Generic payloads: decoded with their full type, key paths resolved through type arguments. */
@IdempotentConsumer(group = "shipping")
public interface Shipping {
  /** A generic wrapper, as many event envelopes are. */
  record Envelope<T>(String id, T body) {}

  @OnMessage(topic = "envelopes", key = "body.customer.id")
  void onEnvelope(Envelope<OrderCreated> envelope);

  @OnMessage(topic = "stock", key = "")
  void onStock(Map<String, List<? extends OrderLine>> stock);

  @OnMessage(topic = "lines")
  void onLines(OrderLine[] lines);

  @OnMessage(topic = "batches")
  void onBatches(List<OrderLine>[] batches);
}
