package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InSyncReplicasRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "inSyncReplicas=2;totalReplicas=2 | ",
        "inSyncReplicas=3;totalReplicas=3 | ",
        // the 5.x trap: a SYNC_MASTER with the default inSyncReplicas=1 waits for nobody
        "inSyncReplicas=1;totalReplicas=2 | inSyncReplicas=2",
        "inSyncReplicas=2;totalReplicas=1 | totalReplicas=2",
        "inSyncReplicas=3;totalReplicas=2 | totalReplicas=3",
        "steadfastMinInSyncReplicas=3 | inSyncReplicas=3;totalReplicas=3",
        // only with the escape hatch (without it the settings are invalid: BrokerSettingsTest)
        "steadfastUnsafeAllowSingleCopy=true;steadfastMinInSyncReplicas=1;inSyncReplicas=1;"
            + "totalReplicas=1 | ",
        "steadfastUnsafeAllowSingleCopy=true;steadfastMinInSyncReplicas=1;inSyncReplicas=0;"
            + "totalReplicas=0 | inSyncReplicas=1;totalReplicas=1",
        "brokerRole=ASYNC_MASTER;inSyncReplicas=1;totalReplicas=1 |"
            + " inSyncReplicas=2;totalReplicas=2",
        "brokerRole=SLAVE;inSyncReplicas=1;totalReplicas=1 | ",
        "enableControllerMode=true;inSyncReplicas=1;totalReplicas=1 | ",
      })
  void requiresEnoughCopies(String overrides, String expected) {
    RuleCases.assertViolations(new InSyncReplicasRule(), overrides, expected);
  }
}
