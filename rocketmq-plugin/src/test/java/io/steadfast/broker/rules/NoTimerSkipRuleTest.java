package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoTimerSkipRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "timerSkipUnknownError=false | ",
        "timerSkipUnknownError=true | timerSkipUnknownError=false",
      })
  void forbidsDroppingDueTimerMessages(String overrides, String expected) {
    RuleCases.assertViolations(new NoTimerSkipRule(), overrides, expected);
  }
}
