package io.steadfast.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler method of an {@link IdempotentConsumer} interface.
 *
 * <p>Parameters: exactly one payload (decoded to its declared type), optionally a {@code
 * io.steadfast.consume.MessageContext}, optionally an {@code org.apache.ibatis.session.SqlSession}
 * (transactional mode: the dedup record commits or rolls back with the handler's writes).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnMessage {
  /** Topic to subscribe to. */
  String topic();

  /** Tag to receive; {@code "*"} receives every tag. */
  String tag() default "*";

  /**
   * Property path on the payload ({@code "order.id"}) whose value is the dedup key; empty means the
   * default: the producer's message key, else the {@code steadfast-id} property, else the broker
   * message id.
   */
  String key() default "";
}
