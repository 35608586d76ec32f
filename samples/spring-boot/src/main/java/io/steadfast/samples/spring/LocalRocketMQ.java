package io.steadfast.samples.spring;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.TopicType;
import java.util.Arrays;
import java.util.Map;

/**
 * Only so that the sample runs anywhere: a RocketMQ 5 cluster from steadfast-testkit, started
 * unless {@code --steadfast.connection.endpoint=host:port} names yours. Not part of a real service.
 */
final class LocalRocketMQ implements AutoCloseable {
  private static final String ENDPOINT = "steadfast.connection.endpoint";

  private final EmbeddedRocketMQ cluster;

  private LocalRocketMQ(EmbeddedRocketMQ cluster) {
    this.cluster = cluster;
  }

  static LocalRocketMQ startUnlessConfigured(String... args) {
    boolean configured =
        System.getenv("STEADFAST_CONNECTION_ENDPOINT") != null
            || Arrays.stream(args).anyMatch(a -> a.startsWith("--" + ENDPOINT + "="));
    return new LocalRocketMQ(
        configured
            ? null
            : EmbeddedRocketMQ.builder()
                .topic("orders", TopicType.NORMAL, 2)
                .consumerGroup("billing", 16)
                .start());
  }

  /** The endpoint of the local cluster, as a default property; none when configured. */
  Map<String, Object> properties() {
    return cluster == null ? Map.of() : Map.of(ENDPOINT, cluster.endpoint());
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
