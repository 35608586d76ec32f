package io.steadfast.broker;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;

/** Embedded clusters with this module's plugin on the brokers' classpath, and client helpers. */
final class Brokers {
  /** A literal: loading the class here would need the broker jars in the test JVM. */
  static final String PLUGIN = "io.steadfast.broker.SteadfastMessageStore";
  static final ClientServiceProvider CLIENTS = ClientServiceProvider.loadService();

  private Brokers() {}

  /** A single broker configured to pass every rule (it never gets a slave). */
  static EmbeddedRocketMQ.Builder compliantSingle() {
    return withPlugin(EmbeddedRocketMQ.builder())
        .flushDiskType(FlushDiskType.SYNC_FLUSH)
        .brokerProperty("brokerRole", "SYNC_MASTER")
        .brokerProperty("inSyncReplicas", "2")
        .brokerProperty("totalReplicas", "2");
  }

  /** A SYNC_MASTER + SLAVE pair with synchronous flush, as the rules want it. */
  static EmbeddedRocketMQ.Builder syncPair() {
    return EmbeddedRocketMQ.builder()
        .flushDiskType(FlushDiskType.SYNC_FLUSH)
        .topology(Topology.SYNC_MASTER_SLAVE);
  }

  static EmbeddedRocketMQ.Builder withPlugin(EmbeddedRocketMQ.Builder builder) {
    return builder
        .brokerProperty("messageStorePlugIn", PLUGIN)
        .brokerClasspath(Path.of("target", "classes").toAbsolutePath());
  }

  /** Requests wait longer than the broker's 3 s replication wait, so its answer arrives. */
  static ClientConfiguration clientConfig(EmbeddedRocketMQ mq) {
    return ClientConfiguration.newBuilder()
        .setEndpoints(mq.endpoint())
        .enableSsl(false)
        .setRequestTimeout(Duration.ofSeconds(10))
        .build();
  }

  static String brokerLog(EmbeddedRocketMQ mq) {
    try {
      return Files.exists(mq.brokerLog()) ? Files.readString(mq.brokerLog()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
