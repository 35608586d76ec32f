package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoDuplicationSkipRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "duplicationEnable=false | ",
        "duplicationEnable=true | duplicationEnable=false",
      })
  void forbidsSkippingTheReplicationWait(String overrides, String expected) {
    RuleCases.assertViolations(new NoDuplicationSkipRule(), overrides, expected);
  }
}
