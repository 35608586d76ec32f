package io.steadfast.samples.demo;

/**
 * One injected fault.
 *
 * @param name short name, e.g. {@code broker-kill}
 * @param startMillis when it began, since the run started
 * @param endMillis when it was over (recovered), since the run started
 * @param happened whether the fault was really injected
 * @param what what was done and what the system did
 */
public record FaultRecord(
    String name, long startMillis, long endMillis, boolean happened, String what) {}
