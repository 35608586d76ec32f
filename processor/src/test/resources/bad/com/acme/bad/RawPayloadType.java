package com.acme.bad;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;
import java.util.List;

@IdempotentConsumer(group = "g")
public interface RawPayloadType {
  @OnMessage(topic = "lines")
  @SuppressWarnings("rawtypes")
  void onLines(List lines);
}
