package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransientStorePoolRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "transientStorePoolEnable=false | ",
        " | ",
        "transientStorePoolEnable=true | transientStorePoolEnable=false",
        "transientStorePoolEnable=TRUE | transientStorePoolEnable=false",
      })
  void forbidsTheOffHeapBuffer(String overrides, String expected) {
    RuleCases.assertViolations(
        new TransientStorePoolRule(), overrides == null ? "" : overrides, expected);
  }
}
