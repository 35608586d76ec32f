package io.steadfast.spring.it.jpa;

import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.InjectedFailures;
import io.steadfast.spring.it.OrderCreated;
import org.springframework.stereotype.Component;

/** A Spring Data JPA handler: no Steadfast type, no transaction code. */
@Component
class JpaBilling implements Billing {
  private final PaymentRepository payments;
  private final InjectedFailures failures;

  JpaBilling(PaymentRepository payments, InjectedFailures failures) {
    this.payments = payments;
    this.failures = failures;
  }

  @Override
  public void onCreated(OrderCreated order) {
    payments.save(new Payment(order.orderId(), order.amountCents()));
    failures.afterWrite(order.orderId());
  }
}
