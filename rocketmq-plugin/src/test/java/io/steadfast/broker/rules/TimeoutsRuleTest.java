package io.steadfast.broker.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeoutsRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // RocketMQ's defaults (5000 / 3000) are sane
        "flushDiskType=SYNC_FLUSH | ",
        "syncFlushTimeout=1000;slaveTimeout=10000 | ",
        "syncFlushTimeout=200 | syncFlushTimeout=1000",
        "slaveTimeout=60000 | slaveTimeout=10000",
        "syncFlushTimeout=0;slaveTimeout=999 | syncFlushTimeout=1000;slaveTimeout=1000",
        "slaveTimeout=60000;steadfastMaxTimeoutMillis=60000 | ",
        "slaveTimeout=500;steadfastMinTimeoutMillis=100 | ",
      })
  void keepsWaitsInARange(String overrides, String expected) {
    RuleCases.assertViolations(new TimeoutsRule(), overrides, expected);
  }
}
