package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.HandlerTransaction;
import io.steadfast.consume.HandlerTransactions;
import io.steadfast.internal.consume.LeaseKeeper.Hold;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.TransactionalIdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message at a time in one database transaction: claim, handler, DONE mark, commit. The
 * uncommitted dedup row's lock keeps the key from every other consumer while the handler runs, and
 * a completion that did not take effect rolls everything back, so the handler's writes in the
 * transaction happen exactly once.
 */
final class TransactionalProcessing {
  private static final Logger log = LoggerFactory.getLogger(TransactionalProcessing.class);

  private final String group;
  private final ConsumerConfig config;
  private final TransactionalIdempotencyStore txStore;
  private final HandlerTransactions transactions;
  private final StoreCalls store;
  private final LeaseKeeper leases;
  private final HandlerCalls handlers;
  private final Redeliveries redeliveries;
  private final SteadfastMetrics metrics;

  /**
   * @throws IllegalArgumentException naming the handlers, the store and the fix, if the store is
   *     not transactional
   */
  TransactionalProcessing(
      String group,
      Collection<HandlerBinding<?>> bindings,
      ConsumerConfig config,
      StoreCalls store,
      LeaseKeeper leases,
      HandlerCalls handlers,
      Redeliveries redeliveries) {
    if (!(config.store() instanceof TransactionalIdempotencyStore tx)) {
      throw new IllegalArgumentException(notTransactional(group, bindings, config));
    }
    this.group = group;
    this.config = config;
    this.txStore = tx;
    this.transactions = config.transactions().orElseGet(() -> StoreTransaction.of(tx));
    this.store = store;
    this.leases = leases;
    this.handlers = handlers;
    this.redeliveries = redeliveries;
    this.metrics = config.metrics();
    warnIfNoMappers(group, bindings, config);
  }

  private static void warnIfNoMappers(
      String group, Collection<HandlerBinding<?>> bindings, ConsumerConfig config) {
    List<String> withSession =
        bindings.stream()
            .filter(HandlerBinding::transactional)
            .map(b -> b.source().orElse("the handler of topic " + b.topic() + " tag " + b.tag()))
            .toList();
    if (!withSession.isEmpty()
        && config.store() instanceof MyBatisIdempotencyStore sql
        && sql.businessMappers().isEmpty()) {
      log.warn(
          "Consumer {}: {} take(s) a SqlSession, but the store's sessions know no mapper:"
              + " tx.getConnection() works, tx.getMapper(YourMapper.class) fails with"
              + " BindingException. For mappers, build the store with"
              + " MyBatisIdempotencyStore.builder(dataSource).businessSessions(yourSqlSessionFactory)"
              + " over the same database (README: \"Database work in the handler's transaction\").",
          group,
          String.join(", ", withSession));
    }
  }

  /** Whether {@code binding}'s messages take this path. */
  static boolean takes(HandlerBinding<?> binding, ConsumerConfig config) {
    return binding.transactional() || config.transactions().isPresent();
  }

  private static String notTransactional(
      String group, Collection<HandlerBinding<?>> bindings, ConsumerConfig config) {
    String store = config.store().getClass().getName();
    if (config.transactions().isPresent()) {
      return "consumer "
          + group
          + ": ConsumerConfig.transactions(...) runs every handler in a database transaction, but"
          + " store "
          + store
          + " is not transactional; use a MyBatis (JDBC) store on that database"
          + " (MyBatisIdempotencyStore.builder(dataSource)) or drop transactions(...)";
    }
    List<String> handlers =
        bindings.stream()
            .filter(HandlerBinding::transactional)
            .map(
                b ->
                    b.source().map(s -> s + " (topic ").orElse("the handler of topic ")
                        + b.topic()
                        + ", tag "
                        + b.tag()
                        + (b.source().isPresent() ? ")" : ""))
            .toList();
    return "consumer "
        + group
        + ": "
        + String.join("; ", handlers)
        + (handlers.size() == 1 ? " takes" : " take")
        + " a SqlSession or Connection (its writes commit with the dedup record), but store "
        + store
        + " is not transactional; build the consumer with a MyBatis (JDBC) store"
        + " (MyBatisIdempotencyStore) on the database the handler writes to, or drop the"
        + " parameter";
  }

  Disposition process(PreparedMessage p) {
    HandlerTransaction tx;
    try {
      tx = store.timed("begin", transactions::begin);
    } catch (RuntimeException e) {
      return unavailable(p, e);
    }
    try {
      ClaimResult r;
      try {
        r =
            store.timed(
                "claim", () -> txStore.claim(tx.connection(), group, p.key(), config.lease()));
      } catch (RuntimeException e) {
        return unavailable(p, e);
      }
      switch (r.status()) {
        case DUPLICATE -> {
          metrics.duplicateSuppressed(group, p.topic());
          return Disposition.ACK;
        }
        case IN_PROGRESS -> {
          metrics.inProgressSkipped(group, p.topic());
          return redeliveries.redeliver(
              p.message(), "key " + p.key() + " is being processed by another consumer", false);
        }
        default -> {}
      }
      // The uncommitted row's lock keeps the key from every other consumer; only the message's
      // invisibility needs extending while the handler runs.
      Hold hold = leases.hold(null, p.topic(), p.delivery().extender());
      boolean ok;
      try {
        ok = runIn(tx, p, hold);
      } finally {
        hold.close();
      }
      if (!ok) {
        metrics.released(group, p.topic());
        return Disposition.REDELIVER;
      }
      return commit(p, tx, r.claim());
    } finally {
      end(tx, p);
    }
  }

  /** A store transaction passes its own session; any other gets one on its connection. */
  private boolean runIn(HandlerTransaction tx, PreparedMessage p, Hold hold) {
    if (!p.binding().transactional()) {
      return handlers.run(p, hold, null);
    }
    if (tx instanceof StoreTransaction own) {
      return handlers.run(p, hold, own.session());
    }
    try (SqlSession session = txStore.sessionOn(tx.connection())) {
      return handlers.run(p, hold, session);
    }
  }

  /**
   * Completes inside the transaction and commits; nothing is committed if the completion failed.
   */
  private Disposition commit(PreparedMessage p, HandlerTransaction tx, Claim claim) {
    try {
      if (!store.timed(
          "complete", () -> txStore.complete(tx.connection(), claim, config.retention()))) {
        metrics.leaseLost(group, p.topic());
        log.error(
            "Message {}: the dedup row of key {} no longer belongs to this transaction; rolled"
                + " back, not acked",
            p.message().messageId(),
            p.key());
        return redeliveries.redeliver(p.message(), "completion did not take effect", false);
      }
      tx.commit();
    } catch (RuntimeException e) {
      log.warn(
          "Message {} (key {}): completing or committing failed; rolled back, not acked: {}",
          p.message().messageId(),
          p.key(),
          e.toString());
      return redeliveries.redeliver(p.message(), "commit failed: " + e, false);
    }
    metrics.processed(group, p.topic());
    return Disposition.ACK;
  }

  /** Ends the transaction: what was not committed rolls back (the key is free again). */
  private static void end(HandlerTransaction tx, PreparedMessage p) {
    try {
      tx.close();
    } catch (RuntimeException e) {
      log.warn(
          "Message {}: ending its transaction failed ({}); the database rolls back what was not"
              + " committed when the connection goes",
          p.message().messageId(),
          e.toString());
    }
  }

  private Disposition unavailable(PreparedMessage p, RuntimeException e) {
    return redeliveries.redeliver(
        p.message(), "dedup store unavailable (fail closed): " + e, false);
  }
}
