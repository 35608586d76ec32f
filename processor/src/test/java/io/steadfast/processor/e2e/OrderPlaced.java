package io.steadfast.processor.e2e;

/** Payload of the end-to-end test; JSON-encoded by the runtime's default codec. */
public record OrderPlaced(String orderId, long amountCents) {}
