package io.steadfast.samples.orders;

/** An order was placed: the billing service charges {@code amountCents} to the customer. */
public record OrderCreated(String orderId, String customerId, long amountCents) {}
