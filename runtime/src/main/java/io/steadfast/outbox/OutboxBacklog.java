package io.steadfast.outbox;

import java.time.Duration;

/**
 * What an outbox holds that is not sent yet.
 *
 * @param pending rows waiting to be sent (including rows being sent and rows waiting for a retry)
 * @param parked rows parked after a permanent failure, waiting for {@link OutboxStore#replay}
 * @param oldestPendingAge how long the oldest pending row has waited (by the database's clock);
 *     zero when nothing is pending
 */
public record OutboxBacklog(long pending, long parked, Duration oldestPendingAge) {}
