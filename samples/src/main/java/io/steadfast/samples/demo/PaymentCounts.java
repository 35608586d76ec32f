package io.steadfast.samples.demo;

import io.steadfast.samples.billing.BillingStores;
import io.steadfast.samples.billing.PaymentMapper;
import java.util.HashMap;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Reads one run's payment rows from the payments database: the scenario's ground truth. */
final class PaymentCounts {
  private final SqlSessionFactory payments;
  private final String runId;

  PaymentCounts(DemoEnvironment env, String runId) {
    this.payments = BillingStores.payments(env.jdbcUrl(), env.jdbcUser(), env.jdbcPassword());
    this.runId = runId;
  }

  /** Payment rows per order id. */
  Map<String, Integer> perOrder() {
    Map<String, Integer> counts = new HashMap<>();
    try (SqlSession s = payments.openSession(true)) {
      for (String orderId : s.getMapper(PaymentMapper.class).paidOrderIds(runId)) {
        counts.merge(orderId, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** All payment rows. */
  long total() {
    try (SqlSession s = payments.openSession(true)) {
      return s.getMapper(PaymentMapper.class).countPayments(runId);
    }
  }
}
