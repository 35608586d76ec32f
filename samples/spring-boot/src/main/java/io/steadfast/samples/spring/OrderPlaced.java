package io.steadfast.samples.spring;

/** An order was placed: the event the order service publishes and billing charges once. */
public record OrderPlaced(String orderId, long amountCents) {}
