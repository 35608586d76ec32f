package io.steadfast.broker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncFlushRuleTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "flushDiskType=SYNC_FLUSH | ",
        "flushDiskType=ASYNC_FLUSH | flushDiskType=SYNC_FLUSH",
        "flushDiskType=SYNC_FLUSH  | ",
        "brokerRole=SLAVE;flushDiskType=ASYNC_FLUSH | flushDiskType=SYNC_FLUSH",
      })
  void flagsAnythingButSyncFlush(String overrides, String expected) {
    RuleCases.assertViolations(new SyncFlushRule(), overrides, expected);
  }

  @Test
  void absentKeyMeansRocketMqDefaultAsyncFlush() {
    assertThat(new SyncFlushRule().check(BrokerSettings.of(Configs.map(""))))
        .singleElement()
        .satisfies(v -> assertThat(v.current()).isEqualTo("ASYNC_FLUSH (default)"));
  }
}
