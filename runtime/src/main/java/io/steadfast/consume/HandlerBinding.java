package io.steadfast.consume;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Routes messages of one topic and tag to one handler.
 *
 * @param topic subscribed topic
 * @param tag tag, or {@code "*"} for every tag
 * @param payloadType declared payload type (generic types included) for the codec
 * @param keyExtractor key from the payload, or {@code null} for the default key
 * @param transactional whether the handler takes a {@code SqlSession}
 * @param handler invokes the user's method
 * @param <T> payload type
 */
public record HandlerBinding<T>(
    String topic,
    String tag,
    Type payloadType,
    KeyExtractor<T> keyExtractor,
    boolean transactional,
    MessageHandler<T> handler) {
  public HandlerBinding {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(handler, "handler");
  }
}
