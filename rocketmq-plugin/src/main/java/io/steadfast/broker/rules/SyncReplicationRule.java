package io.steadfast.broker.rules;

import io.steadfast.broker.rules.BrokerSettings.ReplicationMode;
import java.util.List;

/**
 * Master/slave mode: the master replicates synchronously ({@code brokerRole=SYNC_MASTER}); a {@code
 * SLAVE} is accepted as the other half of such a pair.
 */
public final class SyncReplicationRule implements Rule {

  @Override
  public String name() {
    return "sync-replication";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (settings.replicationMode() != ReplicationMode.MASTER_SLAVE
        || !BrokerSettings.ASYNC_MASTER.equals(settings.brokerRole())) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.BROKER_ROLE,
            settings.describe(BrokerSettings.BROKER_ROLE),
            BrokerSettings.SYNC_MASTER + " (or SLAVE on the replica)",
            "an ASYNC_MASTER acks before any slave has a copy; losing the master's disk loses"
                + " acknowledged messages.",
            BrokerSettings.SYNC_MASTER));
  }
}
