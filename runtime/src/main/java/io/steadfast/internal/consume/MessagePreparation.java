package io.steadfast.internal.consume;

import io.steadfast.MessageProperties;
import io.steadfast.codec.Codecs;
import io.steadfast.consume.HandlerBinding;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a received message into a {@link PreparedMessage}: its binding (by topic and tag), its
 * decoded payload and its stored dedup key. Shared by the idempotent engine and the inbox, so both
 * key a message the same way.
 */
final class MessagePreparation {
  private static final Logger log = LoggerFactory.getLogger(MessagePreparation.class);

  private final String group;
  private final Routes routes;
  private final Codecs codecs;
  private final Redeliveries redeliveries;
  private final Set<HandlerBinding<?>> warnedPerSendKey = ConcurrentHashMap.newKeySet();

  MessagePreparation(String group, Routes routes, Codecs codecs, Redeliveries redeliveries) {
    this.group = group;
    this.routes = routes;
    this.codecs = codecs;
    this.redeliveries = redeliveries;
  }

  /**
   * Routes, decodes and keys {@code d}; null (logged, counted, left for redelivery) for bad input:
   * no handler, an undecodable body, no dedup key.
   */
  @SuppressWarnings("unchecked")
  PreparedMessage prepare(int index, MessageProcessor.Delivery d) {
    IncomingMessage m = d.message();
    HandlerBinding<Object> binding = (HandlerBinding<Object>) routes.find(m.topic(), m.tag());
    if (binding == null) {
      redeliveries.redeliver(
          m, "bad input: no handler for topic " + m.topic() + " tag " + m.tag(), true);
      return null;
    }
    Object payload;
    try {
      payload =
          codecs.decode(
              m.body(), m.properties().get(MessageProperties.CONTENT_TYPE), binding.payloadType());
    } catch (RuntimeException e) {
      redeliveries.redeliver(m, "bad input: undecodable body: " + e.getMessage(), true);
      return null;
    }
    String key;
    if (binding.keyExtractor().isPresent()) {
      try {
        key = binding.keyExtractor().get().apply(payload);
      } catch (RuntimeException e) {
        redeliveries.redeliver(m, "bad input: key extractor failed: " + e, true);
        return null;
      }
      if (key == null || key.isBlank()) {
        redeliveries.redeliver(m, "bad input: the payload has no dedup key", true);
        return null;
      }
    } else {
      key = defaultKey(m);
      if (m.keys().stream().allMatch(k -> k == null || k.isBlank())) {
        warnPerSendKey(binding, m);
      }
    }
    return new PreparedMessage(index, d, binding, payload, scope(binding, key));
  }

  /**
   * The stored key: scoped by binding so one business key (an order id) can drive several handlers.
   * Topics cannot contain ':'; a tag's ':' and '\' are escaped so no two bindings share a scope.
   */
  static String scope(HandlerBinding<?> binding, String key) {
    String tag = binding.tag().replace("\\", "\\\\").replace(":", "\\:");
    return binding.topic() + ":" + tag + ":" + key;
  }

  /** The producer's first key, else the {@code steadfast-id} property, else the message id. */
  static String defaultKey(IncomingMessage m) {
    for (String k : m.keys()) {
      if (k != null && !k.isBlank()) {
        return k;
      }
    }
    String id = m.properties().get(MessageProperties.STEADFAST_ID);
    return id != null && !id.isBlank() ? id : m.messageId();
  }

  private void warnPerSendKey(HandlerBinding<?> binding, IncomingMessage m) {
    if (warnedPerSendKey.add(binding)) {
      log.warn(
          "Consumer {}, handler of topic {} tag {}: message {} has no message key, so it is"
              + " deduplicated by its per-send id (steadfast-id, else the broker's message id): a"
              + " business event sent twice through new messages is applied twice. Give the"
              + " producer method a @Key that names one business event (an order id, a payment"
              + " id), or set key = \"...\" on @OnMessage. Logged once per handler.",
          group,
          binding.topic(),
          binding.tag(),
          m.messageId());
    }
  }
}
