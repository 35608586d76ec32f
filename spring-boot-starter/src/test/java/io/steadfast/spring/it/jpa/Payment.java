package io.steadfast.spring.it.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A payment row, written through Spring Data JPA. */
@Entity
@Table(name = "payments")
public class Payment {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String orderId;
  private long amountCents;

  protected Payment() {}

  Payment(String orderId, long amountCents) {
    this.orderId = orderId;
    this.amountCents = amountCents;
  }

  public String getOrderId() {
    return orderId;
  }

  public long getAmountCents() {
    return amountCents;
  }
}
