package io.steadfast.internal.consume;

import io.steadfast.metrics.SteadfastMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts and logs the messages a consumer leaves unacked, naming the DLQ on a last attempt. */
final class Redeliveries {
  private static final Logger log = LoggerFactory.getLogger(Redeliveries.class);

  private final String group;
  private final int maxDeliveryAttempts;
  private final SteadfastMetrics metrics;

  Redeliveries(String group, int maxDeliveryAttempts, SteadfastMetrics metrics) {
    this.group = group;
    this.maxDeliveryAttempts = maxDeliveryAttempts;
    this.metrics = metrics;
  }

  /**
   * Leaves {@code m} for redelivery; {@code badInput} (no handler, undecodable, no key) is logged
   * at WARN on every attempt, other reasons at DEBUG until the last attempt.
   */
  Disposition redeliver(IncomingMessage m, String reason, boolean badInput) {
    metrics.redelivering(group, m.topic(), m.deliveryAttempt());
    if (m.deliveryAttempt() >= maxDeliveryAttempts) {
      metrics.deadLetterBound(group, m.topic());
      log.error(
          "Message {} on {} not processed after {} attempts ({}); the broker moves it to the"
              + " dead-letter queue %DLQ%{}",
          m.messageId(), m.topic(), m.deliveryAttempt(), reason, group);
    } else if (badInput) {
      log.warn(
          "Message {} on {} not acked, attempt {}: {}",
          m.messageId(),
          m.topic(),
          m.deliveryAttempt(),
          reason);
    } else {
      log.debug("Message {} not acked, attempt {}: {}", m.messageId(), m.deliveryAttempt(), reason);
    }
    return Disposition.REDELIVER;
  }
}
