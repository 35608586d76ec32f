package io.steadfast.samples.demo;

import io.steadfast.config.ClientSettings;
import io.steadfast.testkit.EmbeddedRocketMQ;
import java.time.Duration;

/** How the demo's Steadfast producers and consumers reach the cluster ({@code --transport}). */
public enum Transport {
  /** rocketmq-client-java through the proxy's gRPC endpoint (default). */
  GRPC,
  /** The classic rocketmq-client, through the NameServer straight to the brokers. */
  REMOTING;

  /**
   * Parses a {@code --transport} value.
   *
   * @throws UsageException unless it is grpc or remoting
   */
  static Transport parse(String value) throws UsageException {
    return switch (value) {
      case "grpc" -> GRPC;
      case "remoting" -> REMOTING;
      default ->
          throw new UsageException("--transport must be grpc or remoting, got \"" + value + "\"");
    };
  }

  /** The address this transport's clients start from: proxy endpoint or NameServer. */
  String address(EmbeddedRocketMQ cluster) {
    return this == GRPC ? cluster.endpoint() : cluster.nameServerAddress();
  }

  /**
   * Client settings for {@code address}. Requests outlive the broker's 5 s flush and 3 s
   * replication waits (see SenderConfig).
   */
  ClientSettings client(String address) {
    ClientSettings.Builder builder =
        this == GRPC ? ClientSettings.builder(address) : ClientSettings.nameServer(address);
    return builder.requestTimeout(Duration.ofSeconds(10)).build();
  }
}
