package com.acme.bad;

import io.steadfast.annotation.*;

@IdempotentConsumer(group = "g")
public interface KeyPathTransposedProperty {
  /** A signup is one business event per e-mail address in this example. */
  record SignedUp(String userId, String email) {}

  @OnMessage(topic = "signups", key = "emial")
  void on(SignedUp event);
}
