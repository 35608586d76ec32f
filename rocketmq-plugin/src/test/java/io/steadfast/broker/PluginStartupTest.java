package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQException;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real brokers with the plugin: each rule refuses a start in enforce mode; audit mode starts. */
class PluginStartupTest {

  /** Each case: settings over a compliant broker, the rule, and the violation it reports. */
  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "flushDiskType=ASYNC_FLUSH | sync-flush | flushDiskType=ASYNC_FLUSH",
        "brokerRole=ASYNC_MASTER | sync-replication | brokerRole=ASYNC_MASTER",
        "inSyncReplicas=1 | in-sync-replicas | inSyncReplicas=1",
        "enableControllerMode=true;minInSyncReplicas=2 | controller-in-sync-replicas"
            + " | allAckInSyncStateSet=false",
        "transientStorePoolEnable=true | no-transient-store-pool | transientStorePoolEnable=true",
        "duplicationEnable=true | no-duplication-skip | duplicationEnable=true",
        "slaveTimeout=100 | sane-timeouts | slaveTimeout=100",
      })
  void enforceModeRefusesToStartNamingTheRuleAndKey(
      String settings, String rule, String violation) {
    EmbeddedRocketMQ.Builder broker = Brokers.compliantSingle();
    for (String setting : settings.split(";")) {
      String[] kv = setting.split("=", 2);
      broker.brokerProperty(kv[0], kv[1]);
    }

    assertRefusesToStart(
        broker,
        "1 durability rule violation(s)",
        "  - [" + rule + "] " + violation + ", required ",
        "Fix: set " + violation.split("=")[0] + "=");
  }

  /** DLedger mode: the plugin refuses before the commit log's Raft group starts. */
  @Test
  void dledgerWithFewerThanThreePeersRefusesToStart() {
    EmbeddedRocketMQ.Builder broker =
        Brokers.compliantSingle()
            .brokerProperty("enableDLegerCommitLog", "true")
            .brokerProperty("dLegerGroup", "broker-a")
            .brokerProperty("dLegerSelfId", "n0")
            .brokerProperty("dLegerPeers", "n0-127.0.0.1:40911");

    assertRefusesToStart(
        broker,
        "1 durability rule violation(s)",
        "  - [dledger-peers] dLegerPeers=n0-127.0.0.1:40911 (1 peers), required >= 3 peers");
  }

  /** The broker does not start, and its output carries the plugin's refusal with {@code lines}. */
  private static void assertRefusesToStart(EmbeddedRocketMQ.Builder broker, String... lines) {
    assertThatThrownBy(broker::start)
        .isInstanceOf(EmbeddedRocketMQException.class)
        .satisfies(
            e ->
                assertThat(((EmbeddedRocketMQException) e).output())
                    .as(e.getMessage())
                    .contains("Steadfast refuses to start broker ")
                    .contains(lines)
                    .contains("or set steadfastMode=audit to start anyway"));
  }

  @Test
  void invalidSteadfastSettingRefusesToStart() {
    EmbeddedRocketMQ.Builder broker =
        Brokers.compliantSingle().brokerProperty("steadfastMode", "strict");

    assertThatThrownBy(broker::start)
        .isInstanceOf(EmbeddedRocketMQException.class)
        .satisfies(
            e ->
                assertThat(((EmbeddedRocketMQException) e).output())
                    .contains(
                        "Steadfast refuses to start the broker: invalid settings in ",
                        "steadfastMode=\"strict\" is not one of enforce, audit"));
  }

  @Test
  void auditModeStartsAndLogsEveryViolation() throws Exception {
    EmbeddedRocketMQ.Builder builder =
        Brokers.withPlugin(EmbeddedRocketMQ.builder())
            .brokerProperty("steadfastMode", "audit")
            .brokerProperty("transientStorePoolEnable", "true")
            .brokerProperty("duplicationEnable", "true")
            .brokerProperty("slaveTimeout", "100")
            .topic("audit-topic", TopicType.NORMAL, 1);
    try (EmbeddedRocketMQ mq = builder.start();
        Producer producer = Brokers.producer(mq, "audit-topic")) {
      assertThat(producer.send(Brokers.message("audit-topic", "audited")).getMessageId())
          .isNotNull();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Brokers.brokerLog(mq))
                      .contains(
                          "[Steadfast] Steadfast (audit mode) would refuse broker ",
                          "The broker starts anyway because steadfastMode=audit.",
                          "[Steadfast] audit: [sync-flush] flushDiskType=ASYNC_FLUSH",
                          "[Steadfast] audit: [sync-replication] brokerRole=ASYNC_MASTER",
                          "[Steadfast] audit: [in-sync-replicas] inSyncReplicas=1",
                          "[Steadfast] audit: [no-transient-store-pool]"
                              + " transientStorePoolEnable=true",
                          "[Steadfast] audit: [no-duplication-skip] duplicationEnable=true",
                          "[Steadfast] audit: [sane-timeouts] slaveTimeout=100"));
    }
  }
}
