package io.steadfast.broker.rules;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerSettingsTest {

  @Test
  void absentKeysTakeRocketMq533Defaults() {
    BrokerSettings s = BrokerSettings.of(Map.of());
    assertThat(s.get("flushDiskType")).isEqualTo("ASYNC_FLUSH");
    assertThat(s.brokerRole()).isEqualTo("ASYNC_MASTER");
    assertThat(s.get("inSyncReplicas")).isEqualTo("1");
    assertThat(s.get("totalReplicas")).isEqualTo("1");
    assertThat(s.get("minInSyncReplicas")).isEqualTo("1");
    assertThat(s.get("syncFlushTimeout")).isEqualTo("5000");
    assertThat(s.get("slaveTimeout")).isEqualTo("3000");
    assertThat(s.get("transientStorePoolEnable")).isEqualTo("false");
    assertThat(s.clusterName()).isEqualTo("DefaultCluster");
    assertThat(s.isAuditMode()).isFalse();
    assertThat(s.minInSyncReplicas()).isEqualTo(2);
    assertThat(s.replicationMode()).isEqualTo(BrokerSettings.ReplicationMode.MASTER_SLAVE);
    assertThat(s.producerTimeoutFloorMillis()).isEqualTo(5000);
    assertThat(s.describe("flushDiskType")).isEqualTo("ASYNC_FLUSH (default)");
  }

  @Test
  void valuesAreReadAsRocketMqReadsThem() {
    BrokerSettings s =
        BrokerSettings.of(
            Map.of(
                "brokerRole",
                "SYNC_MASTER  ",
                "duplicationEnable",
                "TRUE",
                "steadfastMode",
                "audit"));
    assertThat(s.brokerRole()).isEqualTo("SYNC_MASTER");
    assertThat(s.get("duplicationEnable")).isEqualTo("true");
    assertThat(s.isAuditMode()).isTrue();
    assertThat(s.describe("brokerRole")).isEqualTo("SYNC_MASTER");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "brokerRole | SYNC-MASTER | is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE",
        "flushDiskType | sync_flush | is not one of ASYNC_FLUSH, SYNC_FLUSH",
        "inSyncReplicas | two | is not an integer",
        "'inSyncReplicas' | '2 ' | has leading or trailing spaces",
        "transientStorePoolEnable | yes | is not true or false",
        "steadfastMode | strict | is not one of enforce, audit",
      })
  void valuesRocketMqWouldSilentlyIgnoreAreErrors(String key, String value, String message) {
    assertThatThrownBy(() -> BrokerSettings.of(Map.of(key, value)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(key + "=\"" + value + "\"")
        .hasMessageContaining(message)
        .hasMessageContaining("RocketMQ would ignore it");
  }

  /** Steadfast's numbers have ranges; RocketMQ's are judged by the rules. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "steadfastMinInSyncReplicas | 0 | allowed 1 to 16",
        "steadfastMinInSyncReplicas | -5 | allowed 1 to 16",
        "steadfastMinInSyncReplicas | 17 | allowed 1 to 16",
        "steadfastMinTimeoutMillis | 0 | allowed 1 to 600000",
        "steadfastMaxTimeoutMillis | 600001 | allowed 1 to 600000",
      })
  void steadfastNumbersOutOfRangeAreErrors(String key, String value, String allowed) {
    assertThatThrownBy(() -> BrokerSettings.of(Map.of(key, value)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage(key + "=\"" + value + "\" is out of range: " + allowed);
  }

  @Test
  void floorBelowTwoNeedsTheEscapeHatch() {
    assertThatThrownBy(() -> BrokerSettings.of(Map.of("steadfastMinInSyncReplicas", "1")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith(
            "steadfastMinInSyncReplicas=1 is below 2: a master could then ack writes held by a"
                + " single copy")
        .hasMessageContaining("or set steadfastUnsafeAllowSingleCopy=true");

    BrokerSettings hatch =
        BrokerSettings.of(
            Map.of("steadfastMinInSyncReplicas", "1", "steadfastUnsafeAllowSingleCopy", "true"));
    assertThat(hatch.minInSyncReplicas()).isEqualTo(1);
    assertThat(hatch.unsafeSettings())
        .singleElement(as(STRING))
        .startsWith(
            "UNSAFE: steadfastUnsafeAllowSingleCopy=true lets steadfastMinInSyncReplicas go below"
                + " 2 (it is 1)");
    assertThat(BrokerSettings.of(Map.of()).unsafeSettings()).isEmpty();
  }

  @Test
  void minimumTimeoutAboveMaximumIsAnError() {
    assertThatThrownBy(
            () ->
                BrokerSettings.of(
                    Map.of(
                        "steadfastMinTimeoutMillis", "20000", "steadfastMaxTimeoutMillis", "100")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage(
            "steadfastMinTimeoutMillis=20000 is above steadfastMaxTimeoutMillis=100: no timeout"
                + " lies between them. Set steadfastMinTimeoutMillis <= steadfastMaxTimeoutMillis");
  }

  @Test
  void unknownSteadfastKeyIsAnError() {
    assertThatThrownBy(() -> BrokerSettings.of(Map.of("steadfastMod", "audit")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steadfastMod is not a Steadfast setting (known: steadfastMode,");
  }

  @Test
  void replicationModes() {
    assertThat(BrokerSettings.of(Map.of("enableControllerMode", "true")).replicationMode())
        .isEqualTo(BrokerSettings.ReplicationMode.CONTROLLER);
    assertThat(
            BrokerSettings.of(
                    Map.of("enableControllerMode", "true", "enableDLegerCommitLog", "true"))
                .replicationMode())
        .isEqualTo(BrokerSettings.ReplicationMode.DLEDGER);
  }

  @Test
  void compliantMasterPassesAllRules() {
    assertThat(Rules.check(Configs.masterWith(""))).isEmpty();
    assertThat(Rules.all()).extracting(Rule::name).doesNotHaveDuplicates();
  }
}
