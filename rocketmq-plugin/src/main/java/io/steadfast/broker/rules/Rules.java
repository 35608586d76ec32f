package io.steadfast.broker.rules;

import java.util.ArrayList;
import java.util.List;

/** The durability rules for a single broker, applied in a fixed order. */
public final class Rules {

  private static final List<Rule> ALL =
      List.of(
          new SyncFlushRule(),
          new SyncReplicationRule(),
          new InSyncReplicasRule(),
          new ControllerReplicasRule(),
          new DLedgerPeersRule(),
          new TransientStorePoolRule(),
          new NoDuplicationSkipRule(),
          new NoTimerSkipRule(),
          new TimeoutsRule());

  private Rules() {}

  /** All single-broker rules. */
  public static List<Rule> all() {
    return ALL;
  }

  /** Applies every rule; empty when the broker complies. */
  public static List<Violation> check(BrokerSettings settings) {
    List<Violation> violations = new ArrayList<>();
    for (Rule rule : ALL) {
      violations.addAll(rule.check(settings));
    }
    return violations;
  }
}
