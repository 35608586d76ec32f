package io.steadfast.internal.consume;

import io.steadfast.MessageProperties;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.metrics.SteadfastMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's core, independent of how messages arrive: route, decode and key each delivery, hand
 * it to the path that fits its handler ({@link PlainProcessing}, or {@link TransactionalProcessing}
 * for handlers in a database transaction), and say whether to ack. It also owns the close: no
 * handler starts once closing, and claims of running handlers stay held.
 */
final class MessageProcessor {
  private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);

  /** A received message and how to keep it invisible while its handler runs. */
  record Delivery(IncomingMessage message, InvisibilityExtender extender) {}

  private final String group;
  private final Routes routes;
  private final ConsumerConfig config;
  private final LeaseKeeper leases;
  private final Redeliveries redeliveries;
  private final TransactionalProcessing transactional; // null: no binding takes that path
  private final PlainProcessing plain;
  private final CloseState close = new CloseState();
  private final Set<HandlerBinding<?>> warnedPerSendKey = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();

  MessageProcessor(ConsumerDefinition definition, ConsumerConfig config) {
    this.group = definition.group();
    this.routes = new Routes(definition);
    this.config = config;
    SteadfastMetrics metrics = config.metrics();
    StoreCalls store = new StoreCalls(config.store(), metrics);
    this.leases =
        new LeaseKeeper(group, store, metrics, config.lease(), config.invisibleDuration());
    this.redeliveries = new Redeliveries(group, config.maxDeliveryAttempts(), metrics);
    HandlerCalls handlers = new HandlerCalls(leases, redeliveries);
    this.transactional =
        routes.all().stream().anyMatch(b -> TransactionalProcessing.takes(b, config))
            ? new TransactionalProcessing(
                group, routes.all(), config, store, leases, handlers, redeliveries)
            : null;
    this.plain = new PlainProcessing(group, config, store, leases, handlers, redeliveries, close);
  }

  String group() {
    return group;
  }

  Routes routes() {
    return routes;
  }

  Disposition process(IncomingMessage message, InvisibilityExtender extender) {
    return processBatch(List.of(new Delivery(message, extender))).get(0);
  }

  /** One disposition per delivery, in order. */
  List<Disposition> processBatch(List<Delivery> batch) {
    inFlight.incrementAndGet();
    try {
      Disposition[] out = new Disposition[batch.size()];
      List<PreparedMessage> claimable = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Delivery d = batch.get(i);
        if (close.closing()) {
          out[i] = redeliveries.redeliver(d.message(), "consumer is shutting down", false);
          continue;
        }
        PreparedMessage p = prepare(i, d);
        if (p == null) {
          out[i] = Disposition.REDELIVER;
        } else if (transactional != null && TransactionalProcessing.takes(p.binding(), config)) {
          out[i] = transactional.process(p);
        } else {
          claimable.add(p);
        }
      }
      if (!claimable.isEmpty()) {
        plain.process(claimable, out);
      }
      return List.of(out);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Finds the binding, decodes and computes the key; null (logged) for bad input. */
  @SuppressWarnings("unchecked")
  private PreparedMessage prepare(int index, Delivery d) {
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
          config
              .codecs()
              .decode(
                  m.body(),
                  m.properties().get(MessageProperties.CONTENT_TYPE),
                  binding.payloadType());
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

  /** Stops starting handlers; deliveries arriving from now on are left for redelivery. */
  void beginClose() {
    close.begin(config.shutdownTimeout());
  }

  /** Waits until no delivery is being processed, up to {@code timeout}; true if idle. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Ends the close after {@link #awaitIdle}: no claim is released here. Handlers that finished have
   * completed; claims whose handler never started were released by their batch; a handler still
   * running keeps its claim, renewed until it ends, so no copy runs while it may still write.
   */
  void finishClose(boolean idle) {
    if (!idle) {
      log.warn(
          "Consumer {}: {} batch(es) still running after the shutdown timeout {}; their claims are"
              + " kept and renewed until their handlers end (never released while a handler may"
              + " still write); unacked messages come back after their invisible duration",
          group,
          inFlight.get(),
          config.shutdownTimeout());
    }
    plain.close();
    leases.close();
  }
}
