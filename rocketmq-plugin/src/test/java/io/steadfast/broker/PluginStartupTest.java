package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQException;
import io.steadfast.testkit.TopicType;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        "timerSkipUnknownError=true | no-timer-skip | timerSkipUnknownError=true",
        "slaveTimeout=100 | sane-timeouts | slaveTimeout=100",
      })
  void enforceModeRefusesToStartNamingTheRuleAndKey(
      String settings, String rule, String violation) {
    assertRefusesToStart(
        with(Brokers.compliantSingle(), settings),
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

  /**
   * The broker does not start, and its output and broker.log carry the plugin's refusal with {@code
   * lines}.
   */
  private static void assertRefusesToStart(EmbeddedRocketMQ.Builder broker, String... lines) {
    EmbeddedRocketMQException e = failsToStart(broker);
    assertThat(e.output())
        .as(e.getMessage())
        .contains("Steadfast refuses to start broker ")
        .contains(lines)
        .contains("or set steadfastMode=audit to start anyway");
    assertThat(e.brokerLog()).contains("[Steadfast] Steadfast refuses to start broker ");
  }

  private static EmbeddedRocketMQException failsToStart(EmbeddedRocketMQ.Builder broker) {
    Throwable thrown = catchThrowable(broker::start);
    assertThat(thrown).isInstanceOf(EmbeddedRocketMQException.class);
    return (EmbeddedRocketMQException) thrown;
  }

  /** Each case: Steadfast settings over a compliant broker, and the reason it refuses them. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "steadfastMode=strict | steadfastMode=\"strict\" is not one of enforce, audit",
        // The trap the in-sync-replicas rule exists for, hidden behind a lowered floor.
        "steadfastMinInSyncReplicas=1;inSyncReplicas=1;totalReplicas=1"
            + " | steadfastMinInSyncReplicas=1 is below 2: a master could then ack writes held by"
            + " a single copy",
      })
  void invalidSteadfastSettingRefusesToStart(String settings, String reason) {
    EmbeddedRocketMQException e = failsToStart(with(Brokers.compliantSingle(), settings));

    assertThat(e.output())
        .contains("Steadfast refuses to start the broker: invalid settings in ", reason);
    assertThat(e.brokerLog()).contains("[Steadfast] Steadfast refuses to start the broker", reason);
  }

  /** The escape hatch lowers the floor to 1, and the broker says so loudly at every start. */
  @Test
  void singleCopyEscapeHatchStartsAndIsLoggedAsUnsafe() throws Exception {
    EmbeddedRocketMQ.Builder builder =
        with(
            Brokers.compliantSingle(),
            "steadfastUnsafeAllowSingleCopy=true;steadfastMinInSyncReplicas=1;inSyncReplicas=1;"
                + "totalReplicas=1");
    try (EmbeddedRocketMQ mq = builder.start()) {
      String unsafe =
          "UNSAFE: steadfastUnsafeAllowSingleCopy=true lets steadfastMinInSyncReplicas go below 2"
              + " (it is 1)";
      assertThat(mq.brokerOutput()).contains("Steadfast WARNING: " + unsafe);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Brokers.brokerLog(mq))
                      .contains(
                          "[Steadfast] " + unsafe,
                          "[Steadfast] broker broker-a complies with all durability rules"));
    }
  }

  /**
   * A store that cannot start (its lock is held, as when two brokers share a store directory):
   * RocketMQ only prints a stack trace to stdout; the plugin puts the reason into broker.log.
   */
  @Test
  void storeThatFailsToStartIsExplainedInTheBrokerLog(@TempDir Path store) throws Exception {
    try (FileChannel lockFile =
            FileChannel.open(
                store.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lockFile.lock()) {
      assertThat(held.isValid()).as("the store's lock, held by this test").isTrue();
      EmbeddedRocketMQ.Builder broker =
          Brokers.compliantSingle()
              .brokerProperty("storePathRootDir", store.toString())
              .brokerProperty("storePathCommitLog", store.resolve("commitlog").toString());

      EmbeddedRocketMQException e = failsToStart(broker);

      assertThat(e.brokerLog())
          .as(e.getMessage())
          .contains(
              "[Steadfast] the store of broker broker-a failed to start:"
                  + " java.lang.RuntimeException: Lock failed,MQ already started");
    }
  }

  /** Applies "key=value;key=value" broker properties. */
  private static EmbeddedRocketMQ.Builder with(EmbeddedRocketMQ.Builder broker, String settings) {
    for (String setting : settings.split(";")) {
      String[] kv = setting.split("=", 2);
      broker.brokerProperty(kv[0], kv[1]);
    }
    return broker;
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
