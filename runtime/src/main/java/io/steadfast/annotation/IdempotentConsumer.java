package io.steadfast.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose {@link OnMessage} methods handle messages at most once per dedup key and
 * ack only after the handler succeeded. The annotation processor generates {@code
 * <Interface>_IdempotentConsumer}; start it with {@code Steadfast.consumer(Interface.class, impl,
 * ...)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IdempotentConsumer {
  /** RocketMQ consumer group; also the namespace of the dedup records. */
  String group();
}
