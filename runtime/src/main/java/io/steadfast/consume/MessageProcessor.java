package io.steadfast.consume;

import io.steadfast.MessageProperties;
import io.steadfast.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.TransactionalIdempotencyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's core, independent of how messages arrive: decode, compute the dedup key, claim, run
 * the handler, complete, and say whether to ack. A batch claims all its keys in one store round
 * trip and completes all successes in one; a failing message does not affect the others.
 */
final class MessageProcessor {
  private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);

  /** A received message and how to keep it invisible while its handler runs. */
  record Delivery(IncomingMessage message, InvisibilityExtender extender) {}

  /** A message ready to claim. */
  private record Prepared(
      int index, Delivery delivery, HandlerBinding<Object> binding, Object payload, String key) {
    IncomingMessage message() {
      return delivery.message();
    }
  }

  private final String group;
  private final Routes routes;
  private final ConsumerConfig config;
  private final StoreCalls store;
  private final LeaseKeeper leases;
  private final SteadfastMetrics metrics;
  private final Set<Claim> held = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;

  MessageProcessor(ConsumerDefinition definition, ConsumerConfig config) {
    this.group = definition.group();
    this.routes = new Routes(definition);
    this.config = config;
    this.metrics = config.metrics();
    this.store = new StoreCalls(config.store(), metrics);
    this.leases = new LeaseKeeper(store, config.lease(), config.invisibleDuration());
    boolean anyTransactional = routes.all().stream().anyMatch(HandlerBinding::transactional);
    if (anyTransactional && !(config.store() instanceof TransactionalIdempotencyStore)) {
      throw new IllegalArgumentException(
          "consumer "
              + group
              + " has a handler that takes a SqlSession, but store "
              + config.store().getClass().getName()
              + " is not a TransactionalIdempotencyStore; use a JDBC store");
    }
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
      List<Prepared> plain = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Delivery d = batch.get(i);
        if (closing) {
          out[i] = redeliver(d.message(), "consumer is shutting down", false);
          continue;
        }
        Prepared p = prepare(i, d);
        if (p == null) {
          out[i] = Disposition.REDELIVER;
        } else if (p.binding().transactional()) {
          out[i] = processTransactional(p);
        } else {
          plain.add(p);
        }
      }
      if (!plain.isEmpty()) {
        processPlain(plain, out);
      }
      return List.of(out);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Finds the binding, decodes and computes the key; null (logged) for bad input. */
  @SuppressWarnings("unchecked")
  private Prepared prepare(int index, Delivery d) {
    IncomingMessage m = d.message();
    HandlerBinding<Object> binding = (HandlerBinding<Object>) routes.find(m.topic(), m.tag());
    if (binding == null) {
      redeliver(m, "bad input: no handler for topic " + m.topic() + " tag " + m.tag(), true);
      return null;
    }
    Object payload;
    try {
      payload =
          config
              .codecs()
              .decode(m.body(), m.properties().get(MessageProperties.CONTENT_TYPE), binding.payloadType());
    } catch (RuntimeException e) {
      redeliver(m, "bad input: undecodable body: " + e.getMessage(), true);
      return null;
    }
    String key;
    if (binding.keyExtractor() != null) {
      try {
        key = binding.keyExtractor().keyOf(payload);
      } catch (RuntimeException e) {
        redeliver(m, "bad input: key extractor failed: " + e, true);
        return null;
      }
      if (key == null || key.isBlank()) {
        redeliver(m, "bad input: the payload has no dedup key", true);
        return null;
      }
    } else {
      key = defaultKey(m);
    }
    // Scoped by binding so one business key (an order id) can drive several handlers.
    String scoped = binding.topic() + ":" + binding.tag() + ":" + key;
    return new Prepared(index, d, binding, payload, scoped);
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

  private void processPlain(List<Prepared> plain, Disposition[] out) {
    List<ClaimResult> results;
    try {
      List<String> keys = plain.stream().map(Prepared::key).toList();
      results =
          keys.size() == 1
              ? List.of(store.claim(group, keys.get(0), config.lease()))
              : store.claimAll(group, keys, config.lease());
    } catch (RuntimeException e) {
      for (Prepared p : plain) {
        out[p.index()] = storeUnavailable(p, e);
      }
      return;
    }
    Map<Claim, Prepared> acquired = new LinkedHashMap<>();
    Map<Claim, AutoCloseable> holds = new HashMap<>();
    for (int j = 0; j < plain.size(); j++) {
      Prepared p = plain.get(j);
      ClaimResult r = results.get(j);
      switch (r.status()) {
        case DUPLICATE -> {
          metrics.duplicateSuppressed(group, p.message().topic());
          log.debug("Message {} key {} is already done: acked as duplicate", p.message().messageId(), p.key());
          out[p.index()] = Disposition.ACK;
        }
        case IN_PROGRESS -> {
          metrics.inProgressSkipped(group, p.message().topic());
          out[p.index()] = redeliver(p.message(), "key " + p.key() + " is being processed by another consumer", false);
        }
        case ACQUIRED -> {
          acquired.put(r.claim(), p);
          held.add(r.claim());
          holds.put(r.claim(), leases.hold(r.claim(), p.delivery().extender()));
        }
      }
    }
    List<Claim> succeeded = new ArrayList<>();
    try {
      for (Map.Entry<Claim, Prepared> e : acquired.entrySet()) {
        Claim claim = e.getKey();
        Prepared p = e.getValue();
        if (closing) {
          release(claim, p);
          out[p.index()] = redeliver(p.message(), "consumer is shutting down", false);
        } else if (runHandler(p, claim)) {
          succeeded.add(claim);
        } else {
          stop(holds.remove(claim));
          release(claim, p);
          out[p.index()] = Disposition.REDELIVER;
        }
      }
      complete(succeeded, acquired, out);
    } finally {
      holds.values().forEach(MessageProcessor::stop);
      acquired.keySet().forEach(held::remove);
    }
  }

  private boolean runHandler(Prepared p, Claim claim) {
    DeliveryContext ctx =
        new DeliveryContext(p.message(), p.key(), claim, leases, p.delivery().extender());
    try {
      p.binding().handler().handle(p.payload(), ctx, null);
      return true;
    } catch (Exception e) {
      log.warn(
          "Handler for message {} (key {}, attempt {}) failed; claim released, message not acked",
          p.message().messageId(),
          p.key(),
          p.message().deliveryAttempt(),
          e);
      redeliver(p.message(), "handler failed: " + e, false);
      return false;
    }
  }

  /** Marks the successful claims DONE in one round trip, retrying while the store is down. */
  private void complete(List<Claim> claims, Map<Claim, Prepared> acquired, Disposition[] out) {
    if (claims.isEmpty()) {
      return;
    }
    List<Boolean> owned = completeWithRetry(claims);
    for (int i = 0; i < claims.size(); i++) {
      Prepared p = acquired.get(claims.get(i));
      if (owned == null) {
        log.error(
            "Message {} (key {}) was handled but could not be marked done; not acked. It is"
                + " handled again after its lease expires unless the store recovers first",
            p.message().messageId(),
            p.key());
        out[p.index()] = redeliver(p.message(), "dedup store unavailable at completion", false);
        continue;
      }
      if (!owned.get(i)) {
        log.warn(
            "Lease of key {} expired before message {} was marked done; another consumer may"
                + " have handled it too. Raise the lease above the handler's run time",
            p.key(),
            p.message().messageId());
      }
      metrics.processed(group, p.message().topic());
      out[p.index()] = Disposition.ACK;
    }
  }

  private List<Boolean> completeWithRetry(List<Claim> claims) {
    long giveUpAt = System.nanoTime() + config.lease().toNanos() / 2;
    long backoffMillis = 100;
    while (true) {
      try {
        return claims.size() == 1
            ? List.of(store.complete(claims.get(0), config.retention()))
            : store.completeAll(claims, config.retention());
      } catch (RuntimeException e) {
        if (System.nanoTime() + backoffMillis * 1_000_000 > giveUpAt) {
          log.error("Completing {} claim(s) failed: {}", claims.size(), e.toString());
          return null;
        }
        log.warn("Completing {} claim(s) failed, retrying: {}", claims.size(), e.toString());
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return null;
        }
        backoffMillis = Math.min(backoffMillis * 2, 2000);
      }
    }
  }

  private Disposition processTransactional(Prepared p) {
    TransactionalIdempotencyStore tx = (TransactionalIdempotencyStore) config.store();
    SqlSession session;
    try {
      session = store.timed("openSession", tx::openSession);
    } catch (RuntimeException e) {
      return storeUnavailable(p, e);
    }
    try (session) {
      ClaimResult r;
      try {
        r = store.timed("claim", () -> tx.claim(session, group, p.key(), config.lease()));
      } catch (RuntimeException e) {
        session.rollback(true);
        return storeUnavailable(p, e);
      }
      switch (r.status()) {
        case DUPLICATE -> {
          session.rollback(true);
          metrics.duplicateSuppressed(group, p.message().topic());
          return Disposition.ACK;
        }
        case IN_PROGRESS -> {
          session.rollback(true);
          metrics.inProgressSkipped(group, p.message().topic());
          return redeliver(p.message(), "key " + p.key() + " is being processed by another consumer", false);
        }
        default -> {}
      }
      DeliveryContext ctx = new DeliveryContext(p.message(), p.key(), null, leases, d -> {});
      try {
        p.binding().handler().handle(p.payload(), ctx, session);
        store.timed("complete", () -> tx.complete(session, r.claim(), config.retention()));
        session.commit(true);
      } catch (Exception e) {
        session.rollback(true);
        metrics.released(group, p.message().topic());
        log.warn(
            "Transactional handler for message {} (key {}) failed; rolled back, not acked",
            p.message().messageId(),
            p.key(),
            e);
        return redeliver(p.message(), "handler failed: " + e, false);
      }
      metrics.processed(group, p.message().topic());
      return Disposition.ACK;
    }
  }

  private Disposition storeUnavailable(Prepared p, RuntimeException e) {
    if (config.failOpen() && !p.binding().transactional()) {
      log.warn(
          "Dedup store unavailable ({}); fail-open: handling message {} WITHOUT duplicate protection",
          e.toString(),
          p.message().messageId());
      DeliveryContext ctx = new DeliveryContext(p.message(), p.key(), null, leases, d -> {});
      try {
        p.binding().handler().handle(p.payload(), ctx, null);
        metrics.processed(group, p.message().topic());
        return Disposition.ACK;
      } catch (Exception handlerFailure) {
        return redeliver(p.message(), "handler failed: " + handlerFailure, false);
      }
    }
    return redeliver(p.message(), "dedup store unavailable (fail closed): " + e, false);
  }

  private void release(Claim claim, Prepared p) {
    try {
      store.release(claim);
      metrics.released(group, p.message().topic());
    } catch (RuntimeException e) {
      log.warn("Releasing key {} failed ({}); it frees itself when the lease expires", claim.key(), e.toString());
    } finally {
      held.remove(claim);
    }
  }

  /** Counts and logs a message left for redelivery; names the DLQ when this was its last try. */
  private Disposition redeliver(IncomingMessage m, String reason, boolean badInput) {
    metrics.redelivering(group, m.topic(), m.deliveryAttempt());
    if (m.deliveryAttempt() >= config.maxDeliveryAttempts()) {
      metrics.deadLetterBound(group, m.topic());
      log.error(
          "Message {} on {} not processed after {} attempts ({}); the broker moves it to the"
              + " dead-letter queue %DLQ%{}",
          m.messageId(),
          m.topic(),
          m.deliveryAttempt(),
          reason,
          group);
    } else if (badInput) {
      log.warn("Message {} on {} not acked, attempt {}: {}", m.messageId(), m.topic(), m.deliveryAttempt(), reason);
    } else {
      log.debug("Message {} not acked, attempt {}: {}", m.messageId(), m.deliveryAttempt(), reason);
    }
    return Disposition.REDELIVER;
  }

  private static void stop(AutoCloseable hold) {
    if (hold != null) {
      try {
        hold.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Stops starting handlers; deliveries arriving from now on are left for redelivery. */
  void beginClose() {
    closing = true;
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

  /** Releases the claims of handlers that did not finish, so others need not wait for the lease. */
  void releaseUnfinished() {
    for (Claim claim : held) {
      try {
        store.release(claim);
        log.info("Released unfinished claim {} on shutdown", claim.key());
      } catch (RuntimeException e) {
        log.warn("Releasing unfinished claim {} failed: {}", claim.key(), e.toString());
      }
    }
    held.clear();
    leases.close();
  }
}
