package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.broker.rules.BrokerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupCheckTest {

  @Test
  void enforceModeRefusesWithOneMessageListingEveryViolation() {
    StartupCheck check =
        StartupCheck.of(BrokerSettings.of(Map.of("brokerName", "broker-a")), "/etc/broker.conf");

    assertThat(check.refuse()).isTrue();
    assertThat(check.violations()).hasSize(4);
    assertThat(check.message())
        .startsWith("Steadfast refuses to start broker broker-a: 4 durability rule violation(s)")
        .contains(
            "(config: /etc/broker.conf)",
            "  - [sync-flush] flushDiskType=ASYNC_FLUSH (default), required SYNC_FLUSH",
            "  - [sync-replication] brokerRole=ASYNC_MASTER (default), required SYNC_MASTER",
            "  - [in-sync-replicas] inSyncReplicas=1 (default), required >= 2",
            "  - [in-sync-replicas] totalReplicas=1 (default), required >= 2",
            "or set steadfastMode=audit to start anyway");
  }

  @Test
  void auditModeStartsAndSaysSo() {
    StartupCheck check =
        StartupCheck.of(BrokerSettings.of(Map.of("steadfastMode", "audit")), "broker.conf");

    assertThat(check.refuse()).isFalse();
    assertThat(check.violations()).hasSize(4);
    assertThat(check.message())
        .startsWith("Steadfast (audit mode) would refuse broker ")
        .endsWith("The broker starts anyway because steadfastMode=audit.");
  }

  @Test
  void compliantBrokerStartsSilently() {
    StartupCheck check =
        StartupCheck.of(
            BrokerSettings.of(
                Map.of(
                    "flushDiskType", "SYNC_FLUSH",
                    "brokerRole", "SYNC_MASTER",
                    "inSyncReplicas", "2",
                    "totalReplicas", "2")),
            "broker.conf");

    assertThat(check.refuse()).isFalse();
    assertThat(check.violations()).isEmpty();
    assertThat(check.message()).isEmpty();
  }
}
