package io.steadfast.consume;

/**
 * Reads the dedup key from a decoded payload (generated from {@code @OnMessage(key = "a.b")}).
 * Returns {@code null} when a step of the path is null: the message is then treated as bad input.
 *
 * @param <T> payload type
 */
@FunctionalInterface
public interface KeyExtractor<T> {
  String keyOf(T payload);
}
