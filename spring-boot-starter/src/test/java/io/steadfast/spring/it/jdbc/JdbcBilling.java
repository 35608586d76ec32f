package io.steadfast.spring.it.jdbc;

import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.InjectedFailures;
import io.steadfast.spring.it.OrderCreated;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A plain JdbcTemplate handler: no Steadfast type, no transaction code. */
@Component
class JdbcBilling implements Billing {
  private final JdbcTemplate jdbc;
  private final InjectedFailures failures;
  private final String table;

  JdbcBilling(
      JdbcTemplate jdbc,
      InjectedFailures failures,
      @Value("${billing.payments-table}") String table) {
    this.jdbc = jdbc;
    this.failures = failures;
    this.table = table;
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (id BIGSERIAL PRIMARY KEY, order_id VARCHAR(64) NOT NULL, amount_cents BIGINT)");
  }

  @Override
  public void onCreated(OrderCreated order) {
    jdbc.update(
        "INSERT INTO " + table + " (order_id, amount_cents) VALUES (?, ?)",
        order.orderId(),
        order.amountCents());
    failures.afterWrite(order.orderId());
  }
}
