package io.steadfast.broker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncPairRuleTest {

  private static final String SLAVE_A =
      "brokerName=a;brokerRole=SLAVE;brokerId=1;flushDiskType=SYNC_FLUSH";

  /** Each case: files separated by '/', expected sources (by index) with a sync-pair violation. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "brokerName=a / " + SLAVE_A + " | ",
        "brokerName=a | 0",
        "brokerName=a / brokerName=b;brokerRole=SLAVE;brokerId=1 | 0",
        "brokerName=a / brokerName=a;brokerRole=SLAVE;brokerClusterName=other | 0",
        "brokerName=a;inSyncReplicas=3;totalReplicas=3 / " + SLAVE_A + " | 0",
        "brokerName=a / " + SLAVE_A + " / brokerName=b / brokerName=b;brokerRole=SLAVE | ",
        // an ASYNC_MASTER is sync-replication's business, a slave alone is fine
        "brokerName=a;brokerRole=ASYNC_MASTER / " + SLAVE_A + " | ",
        SLAVE_A + " | ",
      })
  void eachSyncMasterNeedsItsSlaves(String files, String expected) {
    Map<String, BrokerSettings> set = new LinkedHashMap<>();
    String[] parts = files.split("/");
    for (int i = 0; i < parts.length; i++) {
      set.put(Integer.toString(i), Configs.masterWith(parts[i].trim()));
    }
    Map<String, List<Violation>> result = new SyncPairRule().check(set);
    List<String> wanted = expected == null ? List.of() : List.of(expected.split(","));
    assertThat(result.keySet()).containsExactlyElementsOf(wanted);
    result
        .values()
        .forEach(
            v ->
                assertThat(v)
                    .singleElement()
                    .satisfies(
                        one -> assertThat(one.describe()).startsWith("[sync-pair] brokerName=")));
  }
}
