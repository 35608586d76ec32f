package io.steadfast.faults;

/** Payload of the fault tests. */
public record OrderEvent(String orderId, int amount) {}
