package io.steadfast.internal.consume;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * The parts of a received message the engine uses, copied out of the client's view. Public for
 * {@link EngineProbe} only.
 *
 * @param messageId broker message id
 * @param topic topic
 * @param tag tag, or {@code null}
 * @param keys message keys
 * @param properties user properties
 * @param body message body
 * @param deliveryAttempt 1 on first delivery
 */
public record IncomingMessage(
    String messageId,
    String topic,
    String tag,
    List<String> keys,
    Map<String, String> properties,
    byte[] body,
    int deliveryAttempt) {

  static IncomingMessage of(MessageView view) {
    ByteBuffer buffer = view.getBody().duplicate();
    byte[] body = new byte[buffer.remaining()];
    buffer.get(body);
    return new IncomingMessage(
        view.getMessageId().toString(),
        view.getTopic(),
        view.getTag().orElse(null),
        List.copyOf(view.getKeys()),
        Map.copyOf(view.getProperties()),
        body,
        view.getDeliveryAttempt());
  }

  Optional<String> tagOptional() {
    return Optional.ofNullable(tag);
  }
}
