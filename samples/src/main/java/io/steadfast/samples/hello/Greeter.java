package io.steadfast.samples.hello;

import io.steadfast.annotation.IdempotentConsumer;
import io.steadfast.annotation.OnMessage;

/** Consumer: runs once per greeting id, however often the message is delivered. */
@IdempotentConsumer(group = "greeter")
public interface Greeter {
  @OnMessage(topic = "greetings")
  void onHello(Greeting greeting);
}
