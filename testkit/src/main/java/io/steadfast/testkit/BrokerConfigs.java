package io.steadfast.testkit;

import java.nio.file.Path;
import java.util.Properties;

/** The {@code broker.conf} of one embedded broker: loopback, temp stores, fast redeliveries. */
final class BrokerConfigs {
  private BrokerConfigs() {}

  /**
   * The config of broker {@code brokerId} of group {@code name}, listening on {@code listenPort}
   * (HA on the next port), storing under {@code nodeDir}; then the security settings; the builder's
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
      EmbeddedRocketMQ.Builder spec,
      ServerSecurity security) {
    Properties p = new Properties();
    p.setProperty("brokerClusterName", clusterName);
    p.setProperty("brokerName", name);
    p.setProperty("brokerId", String.valueOf(brokerId));
    p.setProperty("brokerRole", role);
    p.setProperty("flushDiskType", spec.flushDiskType.name());
    p.setProperty("namesrvAddr", namesrvAddress);
    p.setProperty("bindAddress", "127.0.0.1");
    p.setProperty("listenPort", String.valueOf(listenPort));
    p.setProperty("haListenPort", String.valueOf(listenPort + 1));
    p.setProperty("brokerIP1", "127.0.0.1");
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
    if (spec.topology.replicatesSynchronously()) {
      p.setProperty("inSyncReplicas", "2");
      p.setProperty("totalReplicas", "2");
    }
    security.brokerProperties().forEach(p::setProperty);
    spec.brokerProperties.forEach(p::setProperty);
    return p;
  }
}
