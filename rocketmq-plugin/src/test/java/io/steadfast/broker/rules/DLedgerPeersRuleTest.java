package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DLedgerPeersRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "enableDLegerCommitLog=true;dLegerPeers=n0-h0:40911;n1-h1:40911;n2-h2:40911 | ",
        "enableDLegerCommitLog=true;dLegerPeers=n0-h0:40911;n1-h1:40911 | dLegerPeers=-",
        "enableDLegerCommitLog=true | dLegerPeers=-",
        "enableDLegerCommitLog=false;dLegerPeers=n0-h0:40911 | ",
      })
  void requiresThreePeers(String overrides, String expected) {
    RuleCases.assertViolations(new DLedgerPeersRule(), overrides, expected);
  }
}
