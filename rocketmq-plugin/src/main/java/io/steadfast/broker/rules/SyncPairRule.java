package io.steadfast.broker.rules;

import io.steadfast.broker.rules.BrokerSettings.ReplicationMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Over a whole cluster's files: each SYNC_MASTER has enough SLAVEs with the same cluster and broker
 * name to reach its in-sync replica count. A master without them either refuses every write (with
 * Steadfast's plugin) or waits for a slave that never answers.
 */
public final class SyncPairRule {

  /** The rule's name in messages and JSON. */
  public static final String NAME = "sync-pair";

  /**
   * Checks a set of brokers.
   *
   * @param bySource settings per source (file name), in a stable order
   * @return violations per source; sources without violations are absent
   */
  public Map<String, List<Violation>> check(Map<String, BrokerSettings> bySource) {
    Map<String, List<Violation>> result = new LinkedHashMap<>();
    bySource.forEach(
        (source, master) -> {
          if (master.replicationMode() != ReplicationMode.MASTER_SLAVE
              || !BrokerSettings.SYNC_MASTER.equals(master.brokerRole())) {
            return;
          }
          int copies =
              Math.max(master.getInt(BrokerSettings.IN_SYNC_REPLICAS), master.minInSyncReplicas());
          long slaves =
              bySource.values().stream()
                  .filter(s -> BrokerSettings.SLAVE.equals(s.brokerRole()))
                  .filter(s -> s.brokerName().equals(master.brokerName()))
                  .filter(s -> s.clusterName().equals(master.clusterName()))
                  .count();
          if (slaves + 1 < copies) {
            result.put(
                source,
                List.of(
                    new Violation(
                        NAME,
                        BrokerSettings.BROKER_NAME,
                        master.brokerName() + " (SYNC_MASTER with " + slaves + " SLAVE file(s))",
                        (copies - 1)
                            + " SLAVE file(s) with brokerName="
                            + master.brokerName()
                            + " and brokerClusterName="
                            + master.clusterName(),
                        "a SYNC_MASTER needs slaves to reach "
                            + copies
                            + " in-sync copies; without them every write fails or waits.",
                        null)));
          }
        });
    return result;
  }
}
