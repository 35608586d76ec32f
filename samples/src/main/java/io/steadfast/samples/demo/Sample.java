package io.steadfast.samples.demo;

/** Totals at one moment of a run, for the throughput timeline. */
public record Sample(long millis, long acked, long paid) {}
