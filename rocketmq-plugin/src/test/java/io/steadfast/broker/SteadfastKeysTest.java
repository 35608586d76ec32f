package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SteadfastKeysTest {

  @Test
  void configFileWinsOverSystemPropertiesWhichFillTheGaps() {
    Map<String, String> values = new HashMap<>(Map.of("flushDiskType", "SYNC_FLUSH"));
    Properties file = properties("steadfastMode", "audit", "brokerRole", "SLAVE");
    Properties system =
        properties("steadfastMode", "enforce", "steadfastMinInSyncReplicas", "3", "user.name", "x");

    SteadfastKeys.merge(values, file, system);

    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "flushDiskType", "SYNC_FLUSH",
                "steadfastMode", "audit",
                "steadfastMinInSyncReplicas", "3"));
  }

  @Test
  void unknownSteadfastKeysInTheFileAreKeptSoValidationReportsThem() {
    Map<String, String> values = new HashMap<>();

    SteadfastKeys.merge(values, properties("steadfastMod", "audit"), new Properties());

    assertThat(values).containsEntry("steadfastMod", "audit");
  }

  private static Properties properties(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }
}
