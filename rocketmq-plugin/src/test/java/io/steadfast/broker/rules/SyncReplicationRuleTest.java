package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncReplicationRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "brokerRole=SYNC_MASTER | ",
        "brokerRole=SLAVE;brokerId=1 | ",
        "brokerRole=ASYNC_MASTER | brokerRole=SYNC_MASTER",
        // controller and DLedger modes ignore brokerRole; their own rules apply
        "brokerRole=ASYNC_MASTER;enableControllerMode=true | ",
        "brokerRole=ASYNC_MASTER;enableDLegerCommitLog=true | ",
      })
  void requiresSyncMasterOrSlave(String overrides, String expected) {
    RuleCases.assertViolations(new SyncReplicationRule(), overrides, expected);
  }
}
