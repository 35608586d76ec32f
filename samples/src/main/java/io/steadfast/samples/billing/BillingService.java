package io.steadfast.samples.billing;

import io.steadfast.consume.MessageContext;
import io.steadfast.samples.orders.OrderCreated;
import java.util.Objects;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Charges each order: one row in {@code demo_payments}. */
public final class BillingService implements Billing, RedisBilling {
  private final String runId;
  private final SqlSessionFactory payments;
  private final BillingFaults faults;

  /**
   * @param runId tags every payment row, so runs can share a database
   * @param payments the payments database (used directly only in the Redis variant)
   * @param faults injected faults; {@link BillingFaults#NONE} in production
   */
  public BillingService(String runId, SqlSessionFactory payments, BillingFaults faults) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.faults = Objects.requireNonNull(faults, "faults");
  }

  /** Transactional: the payment commits with the dedup record, or neither does. */
  @Override
  public void onCreated(OrderCreated order, MessageContext ctx, SqlSession tx) throws Exception {
    faults.beforePayment(order.orderId(), ctx.deliveryAttempt());
    tx.getMapper(PaymentMapper.class)
        .insert(runId, order.orderId(), order.amountCents(), System.currentTimeMillis());
    faults.afterPayment(order.orderId(), ctx.deliveryAttempt());
  }

  /** Redis variant: the payment commits on its own, before the dedup record is marked done. */
  @Override
  public void onCreated(OrderCreated order, MessageContext ctx) throws Exception {
    faults.beforePayment(order.orderId(), ctx.deliveryAttempt());
    try (SqlSession session = payments.openSession(false)) {
      session
          .getMapper(PaymentMapper.class)
          .insert(runId, order.orderId(), order.amountCents(), System.currentTimeMillis());
      // A failure after the payment must not leave it applied: commit only when nothing threw.
      faults.afterPayment(order.orderId(), ctx.deliveryAttempt());
      session.commit();
    }
  }
}
