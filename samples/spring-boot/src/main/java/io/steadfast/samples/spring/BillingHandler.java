package io.steadfast.samples.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Charges each order once: the insert, the dedup claim and its DONE mark commit together in one
 * Spring-managed transaction, so a failure anywhere rolls all of them back and the redelivered
 * message is charged then, once.
 */
@Component
public class BillingHandler implements Billing {
  private final JdbcTemplate jdbc;

  public BillingHandler(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void onPlaced(OrderPlaced order) {
    jdbc.update(
        "INSERT INTO payments (order_id, amount_cents) VALUES (?, ?)",
        order.orderId(),
        order.amountCents());
  }
}
