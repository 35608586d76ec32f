package io.steadfast.broker.rules;

import io.steadfast.broker.rules.BrokerSettings.ReplicationMode;
import java.util.Arrays;
import java.util.List;

/** DLedger mode: at least three peers, so a Raft majority (two copies) survives one failure. */
public final class DLedgerPeersRule implements Rule {

  static final int MIN_PEERS = 3;

  @Override
  public String name() {
    return "dledger-peers";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (settings.replicationMode() != ReplicationMode.DLEDGER) {
      return List.of();
    }
    String peers = settings.get(BrokerSettings.DLEDGER_PEERS);
    long count =
        peers == null ? 0 : Arrays.stream(peers.split(";")).filter(p -> !p.isBlank()).count();
    if (count >= MIN_PEERS) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.DLEDGER_PEERS,
            settings.describe(BrokerSettings.DLEDGER_PEERS) + " (" + count + " peers)",
            ">= " + MIN_PEERS + " peers (n0-host:port;n1-host:port;n2-host:port)",
            "with fewer than three peers a Raft majority is a single copy, or one failure stops"
                + " all writes.",
            null));
  }
}
