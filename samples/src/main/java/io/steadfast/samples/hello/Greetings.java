package io.steadfast.samples.hello;

import io.steadfast.annotation.Key;
import io.steadfast.annotation.ReliableProducer;
import io.steadfast.annotation.Send;
import io.steadfast.produce.SendAck;

/** Producer: {@code hello(...)} returns only once the broker acked the message. */
@ReliableProducer(topic = "greetings")
public interface Greetings {
  @Send
  SendAck hello(@Key String id, Greeting greeting);
}
