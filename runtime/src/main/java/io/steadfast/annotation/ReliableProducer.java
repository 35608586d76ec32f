package io.steadfast.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose {@link Send} methods publish to RocketMQ and return only once the broker
 * acknowledged the write. The annotation processor generates {@code <Interface>_ReliableProducer}
 * beside the interface; obtain an instance with {@code Steadfast.producer(Interface.class, ...)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReliableProducer {
  /** Default topic for every {@link Send} method that does not name its own. */
  String topic();
}
