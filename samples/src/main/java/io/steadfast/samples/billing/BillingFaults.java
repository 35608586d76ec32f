package io.steadfast.samples.billing;

/** Where the demo injects handler faults; production code would not have these hooks. */
public interface BillingFaults {
  /** No faults. */
  BillingFaults NONE = new BillingFaults() {};

  /** Called before the payment is written (the demo blocks here to be killed mid-message). */
  default void beforePayment(String orderId, int deliveryAttempt) throws Exception {}

  /** Called after the payment is written (the demo throws here on some first attempts). */
  default void afterPayment(String orderId, int deliveryAttempt) throws Exception {}
}
