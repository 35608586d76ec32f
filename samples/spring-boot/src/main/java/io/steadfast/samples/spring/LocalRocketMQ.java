package io.steadfast.samples.spring;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.TopicType;
import java.util.Arrays;
import java.util.Map;

/**
 * Only so that the sample runs anywhere: a RocketMQ 5 cluster from steadfast-testkit, started
 * unless {@code --steadfast.connection.endpoint=host:port} (gRPC proxy) or {@code
 * --steadfast.connection.name-server=host:port} (classic remoting client) names yours. With {@code
 * --sample.transport=remoting} the local cluster is reached through its NameServer. Not part of a
 * real service.
 */
final class LocalRocketMQ implements AutoCloseable {
  private static final String ENDPOINT = "steadfast.connection.endpoint";
  private static final String NAME_SERVER = "steadfast.connection.name-server";

  private final EmbeddedRocketMQ cluster;
  private final boolean remoting;

  private LocalRocketMQ(EmbeddedRocketMQ cluster, boolean remoting) {
    this.cluster = cluster;
    this.remoting = remoting;
  }

  static LocalRocketMQ startUnlessConfigured(String... args) {
    boolean configured =
        System.getenv("STEADFAST_CONNECTION_ENDPOINT") != null
            || System.getenv("STEADFAST_CONNECTION_NAME_SERVER") != null
            || Arrays.stream(args)
                .anyMatch(
                    a ->
                        a.startsWith("--" + ENDPOINT + "=")
                            || a.startsWith("--" + NAME_SERVER + "="));
    boolean remoting = Arrays.asList(args).contains("--sample.transport=remoting");
    return new LocalRocketMQ(
        configured
            ? null
            : EmbeddedRocketMQ.builder()
                .topic("orders", TopicType.NORMAL, 2)
                .consumerGroup("billing", 16)
                .start(),
        remoting);
  }

  /** The address of the local cluster, as a default property; none when configured. */
  Map<String, Object> properties() {
    if (cluster == null) {
      return Map.of();
    }
    return remoting
        ? Map.of(NAME_SERVER, cluster.nameServerAddress())
        : Map.of(ENDPOINT, cluster.endpoint());
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
