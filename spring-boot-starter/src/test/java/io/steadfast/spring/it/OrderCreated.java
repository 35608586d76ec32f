package io.steadfast.spring.it;

/** The test applications' payload: one order, identified by its id. */
public record OrderCreated(String orderId, long amountCents) {}
