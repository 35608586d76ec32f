package io.steadfast.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method of a {@link ReliableProducer} interface that sends one message.
 *
 * <p>Return {@code SendAck} or {@code void} to block until the broker acked the write, or {@code
 * CompletableFuture<SendAck>} to get a future that completes only on an ack.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Send {
  /** Topic override; empty means the interface's {@link ReliableProducer#topic()}. */
  String topic() default "";

  /** Message tag; empty means no tag. */
  String tag() default "";

  /** Message group for FIFO topics; empty means a normal (unordered) message. */
  String messageGroup() default "";

  /** Delivery delay in milliseconds for DELAY topics; 0 means deliver at once. */
  long delayMillis() default 0;
}
