package io.steadfast.testkit;

import java.nio.file.Path;
import java.util.Properties;

/** The {@code broker.conf} of one embedded broker: loopback, temp stores, fast redeliveries. */
final class BrokerConfigs {
  /** RocketMQ's 18 delay levels, each at most 5 s (default: 1 s ... 2 h). */
  static final String FAST_DELAY_LEVELS = "1s 1s 1s 1s 2s 2s 2s 2s 3s 3s 3s 3s 4s 4s 4s 4s 5s 5s";

  private BrokerConfigs() {}

  /**
   * The config of broker {@code brokerId} of group {@code name}, listening on {@code listenPort}
   * (HA on the next port), storing under {@code nodeDir}, registered with the NameServer as {@code
   * advertisedIp:listenPort} (clients connect there; replication uses 127.0.0.1 whatever it is),
   * its remoting ports bound to {@code bindAddress}; then the security settings; the builder's
   * properties override it.
   */
  static Properties of(
      String clusterName,
      String name,
      String namesrvAddress,
      Path nodeDir,
      String role,
      int brokerId,
      int listenPort,
      String advertisedIp,
      String bindAddress,
      EmbeddedRocketMQ.Builder spec,
      ServerSecurity security) {
    Properties p = new Properties();
    p.setProperty("brokerClusterName", clusterName);
    p.setProperty("brokerName", name);
    p.setProperty("brokerId", String.valueOf(brokerId));
    p.setProperty("brokerRole", role);
    p.setProperty("flushDiskType", spec.flushDiskType.name());
    p.setProperty("namesrvAddr", namesrvAddress);
    p.setProperty("bindAddress", bindAddress);
    p.setProperty("listenPort", String.valueOf(listenPort));
    p.setProperty("haListenPort", String.valueOf(listenPort + 1));
    p.setProperty("brokerIP1", advertisedIp);
    p.setProperty("brokerIP2", "127.0.0.1");
    p.setProperty("storePathRootDir", nodeDir.resolve("store").toString());
    p.setProperty("storePathCommitLog", nodeDir.resolve("store").resolve("commitlog").toString());
    p.setProperty("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
    p.setProperty("diskMaxUsedSpaceRatio", "95");
    // Fast retries for gRPC consumers (NOTES: else redeliveries take 20-40 s).
    p.setProperty("enableRetryTopicV2", "true");
    p.setProperty("retrieveMessageFromPopRetryTopicV1", "false");
    p.setProperty("reviveQueueNum", "2");
    p.setProperty("reviveInterval", "500");
    // Fast retries for remoting consumers too: a message sent back is redelivered after delay
    // level 3 + its reconsume count, by default 10 s, 30 s, 1 min, 2 min, ...
    p.setProperty("messageDelayLevel", FAST_DELAY_LEVELS);
    if (spec.topology.replicatesSynchronously()) {
      p.setProperty("inSyncReplicas", "2");
      p.setProperty("totalReplicas", "2");
    }
    security.brokerProperties().forEach(p::setProperty);
    spec.brokerProperties.forEach(p::setProperty);
    return p;
  }
}
