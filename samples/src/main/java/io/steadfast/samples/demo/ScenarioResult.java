package io.steadfast.samples.demo;

import java.util.List;
import java.util.Map;

/**
 * What one run of the scenario did and found.
 *
 * @param label "Steadfast" or "unsafe (plain client + SET NX / DEL)"
 * @param unsafe whether this was the unsafe contrast run
 * @param orders distinct orders placed
 * @param sendCalls sends made, including re-sends of the same orders
 * @param sendsAcked sends the broker acked
 * @param sendsFailed sends that failed and were reported to the caller, by outcome
 * @param ordersAcked distinct orders with at least one acked send
 * @param ordersNeverAcked orders whose every send failed (the caller knows; not lost)
 * @param ordersCommittedUnsent orders an order service committed and was killed before sending
 *     (producer-crash); they must be paid like acked ones
 * @param paymentsApplied payment rows written
 * @param duplicatePayments payment rows beyond the first per order
 * @param lostOrders acked or committed orders never paid
 * @param duplicatesSuppressed copies the consumer recognised and acked without paying (Steadfast)
 * @param redeliveries messages left for redelivery (handler failure, in progress elsewhere)
 * @param sendRetries send attempts retried by the Steadfast sender
 * @param faults injected faults
 * @param timeline totals once per second
 * @param durationMillis wall time of the run
 */
public record ScenarioResult(
    String label,
    boolean unsafe,
    int orders,
    long sendCalls,
    long sendsAcked,
    Map<String, Long> sendsFailed,
    long ordersAcked,
    long ordersNeverAcked,
    long ordersCommittedUnsent,
    long paymentsApplied,
    long duplicatePayments,
    long lostOrders,
    long duplicatesSuppressed,
    long redeliveries,
    long sendRetries,
    List<FaultRecord> faults,
    List<Sample> timeline,
    long durationMillis) {

  /** Nothing lost, nothing applied twice. */
  public boolean ok() {
    return lostOrders == 0 && duplicatePayments == 0;
  }

  public long sendsFailedTotal() {
    return sendsFailed.values().stream().mapToLong(Long::longValue).sum();
  }
}
