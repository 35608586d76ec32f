package com.acme;

import java.util.UUID;

/** A JavaBean payload: properties are read through getX()/isX(). */
public class OrderPaid {
  private String orderId;
  private UUID paymentId;
  private boolean express;

  public String getOrderId() {
    return orderId;
  }

  public void setOrderId(String orderId) {
    this.orderId = orderId;
  }

  public UUID getPaymentId() {
    return paymentId;
  }

  public void setPaymentId(UUID paymentId) {
    this.paymentId = paymentId;
  }

  public boolean isExpress() {
    return express;
  }

  public void setExpress(boolean express) {
    this.express = express;
  }
}
