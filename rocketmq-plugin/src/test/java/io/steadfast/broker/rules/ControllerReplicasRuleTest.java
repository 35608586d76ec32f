package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControllerReplicasRuleTest {

  private static final String CONTROLLER = "enableControllerMode=true";

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "allAckInSyncStateSet=true;minInSyncReplicas=2 | ",
        "allAckInSyncStateSet=false;minInSyncReplicas=2 | allAckInSyncStateSet=true",
        "allAckInSyncStateSet=true | minInSyncReplicas=2",
        " | allAckInSyncStateSet=true;minInSyncReplicas=2",
        "allAckInSyncStateSet=true;minInSyncReplicas=2;steadfastMinInSyncReplicas=3"
            + " | minInSyncReplicas=3",
      })
  void requiresAllAckAndMinimum(String overrides, String expected) {
    RuleCases.assertViolations(
        new ControllerReplicasRule(),
        overrides == null ? CONTROLLER : CONTROLLER + ";" + overrides,
        expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"enableControllerMode=false | ", "brokerRole=SLAVE | "})
  void ignoresOtherModes(String overrides, String expected) {
    RuleCases.assertViolations(new ControllerReplicasRule(), overrides, expected);
  }
}
