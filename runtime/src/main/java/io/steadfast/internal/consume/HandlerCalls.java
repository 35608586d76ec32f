package io.steadfast.internal.consume;

import io.steadfast.internal.consume.LeaseKeeper.Hold;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls user handlers: whatever a handler throws is a failure of that message, never fatal. */
final class HandlerCalls {
  private static final Logger log = LoggerFactory.getLogger(HandlerCalls.class);

  private final LeaseKeeper leases;
  private final Redeliveries redeliveries;

  HandlerCalls(LeaseKeeper leases, Redeliveries redeliveries) {
    this.leases = leases;
    this.redeliveries = redeliveries;
  }

  /**
   * Runs the handler of {@code p}; false (logged, counted) if it threw anything, {@code Error}s
   * included.
   *
   * @param hold the message's claim and invisibility, for {@code MessageContext}; null when the
   *     store is down and the consumer fails open
   * @param session the transaction's session for transactional bindings, else null
   */
  boolean run(PreparedMessage p, Hold hold, SqlSession session) {
    DeliveryContext ctx = new DeliveryContext(p.message(), p.key(), hold, leases);
    try {
      p.binding().handler().handle(p.payload(), ctx, session);
      return true;
    } catch (Throwable e) {
      log.warn(
          "Handler for message {} (key {}, attempt {}) failed; not acked",
          p.message().messageId(),
          p.key(),
          p.message().deliveryAttempt(),
          e);
      redeliveries.redeliver(p.message(), "handler failed: " + e, false);
      return false;
    }
  }
}
