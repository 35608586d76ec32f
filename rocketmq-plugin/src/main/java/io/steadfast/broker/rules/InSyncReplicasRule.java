package io.steadfast.broker.rules;

import io.steadfast.broker.rules.BrokerSettings.ReplicationMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Master/slave mode: a master waits for {@code inSyncReplicas} copies (master included), at least
 * {@code steadfastMinInSyncReplicas}, and {@code totalReplicas} is at least that many. In RocketMQ
 * 5 a SYNC_MASTER with the default {@code inSyncReplicas=1} acks at once without waiting for any
 * slave: this rule exists for that trap.
 */
public final class InSyncReplicasRule implements Rule {

  @Override
  public String name() {
    return "in-sync-replicas";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (settings.replicationMode() != ReplicationMode.MASTER_SLAVE
        || BrokerSettings.SLAVE.equals(settings.brokerRole())) {
      return List.of();
    }
    int min = settings.minInSyncReplicas();
    int inSync = settings.getInt(BrokerSettings.IN_SYNC_REPLICAS);
    List<Violation> violations = new ArrayList<>();
    if (inSync < min) {
      violations.add(
          new Violation(
              name(),
              BrokerSettings.IN_SYNC_REPLICAS,
              settings.describe(BrokerSettings.IN_SYNC_REPLICAS),
              ">= " + min + " (" + BrokerSettings.MIN_IN_SYNC_REPLICAS + ")",
              "the master acks after only "
                  + inSync
                  + " cop"
                  + (inSync == 1 ? "y" : "ies")
                  + "; with inSyncReplicas=1 even a SYNC_MASTER does not wait for its slave.",
              Integer.toString(min)));
    }
    int needed = Math.max(inSync, min);
    if (settings.getInt(BrokerSettings.TOTAL_REPLICAS) < needed) {
      violations.add(
          new Violation(
              name(),
              BrokerSettings.TOTAL_REPLICAS,
              settings.describe(BrokerSettings.TOTAL_REPLICAS),
              ">= " + needed,
              "the replica group must be declared at least as large as the number of copies a"
                  + " write waits for.",
              Integer.toString(needed)));
    }
    return violations;
  }
}
