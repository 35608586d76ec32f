package io.steadfast.samples.hello;

/** The hello example's payload. */
public record Greeting(String id, String text) {}
