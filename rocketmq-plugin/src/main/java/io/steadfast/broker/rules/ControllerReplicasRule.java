package io.steadfast.broker.rules;

import io.steadfast.broker.rules.BrokerSettings.ReplicationMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Controller mode: a write waits for every replica in the in-sync state set ({@code
 * allAckInSyncStateSet=true}) and is refused while fewer than {@code steadfastMinInSyncReplicas}
 * are in sync ({@code minInSyncReplicas}).
 */
public final class ControllerReplicasRule implements Rule {

  @Override
  public String name() {
    return "controller-in-sync-replicas";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (settings.replicationMode() != ReplicationMode.CONTROLLER) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    if (!settings.getBoolean(BrokerSettings.ALL_ACK_IN_SYNC_STATE_SET)) {
      violations.add(
          new Violation(
              name(),
              BrokerSettings.ALL_ACK_IN_SYNC_STATE_SET,
              settings.describe(BrokerSettings.ALL_ACK_IN_SYNC_STATE_SET),
              "true",
              "without it a write waits only for inSyncReplicas copies, not for every replica the"
                  + " controller counts as in sync, so a failover can elect a replica without it.",
              "true"));
    }
    int min = settings.minInSyncReplicas();
    if (settings.getInt(BrokerSettings.MIN_IN_SYNC_REPLICAS_ROCKETMQ) < min) {
      violations.add(
          new Violation(
              name(),
              BrokerSettings.MIN_IN_SYNC_REPLICAS_ROCKETMQ,
              settings.describe(BrokerSettings.MIN_IN_SYNC_REPLICAS_ROCKETMQ),
              ">= " + min + " (" + BrokerSettings.MIN_IN_SYNC_REPLICAS + ")",
              "when replicas drop out of the in-sync state set the master keeps acking writes"
                  + " with fewer copies.",
              Integer.toString(min)));
    }
    return violations;
  }
}
