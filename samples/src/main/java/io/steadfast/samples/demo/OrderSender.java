package io.steadfast.samples.demo;

import io.steadfast.samples.orders.OrderCreated;
import java.util.concurrent.CompletableFuture;

/**
 * How the scenario places an order: {@link SteadfastOrderSender} (acks checked, retried, keyed) or
 * {@link PlainOrderSender} (the plain client as commonly used), so both runs share every other
 * step.
 */
interface OrderSender extends AutoCloseable {
  /**
   * Sends one order; the future completes when the broker acked it and fails with what the caller
   * is told otherwise.
   */
  CompletableFuture<?> send(OrderCreated order);
}
