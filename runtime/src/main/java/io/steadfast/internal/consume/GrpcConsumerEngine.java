package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.GrpcClientConfigurations;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;

/** An engine on a rocketmq-client-java consumer (gRPC proxy): starts its client. */
abstract class GrpcConsumerEngine extends ConsumerEngine {

  GrpcConsumerEngine(String kind, ConsumerDefinition definition, ConsumerConfig config) {
    super(kind, definition, config);
  }

  /** Builds a RocketMQ consumer client for this group and its subscriptions. */
  @FunctionalInterface
  interface ClientStart<C> {
    C start(
        ClientConfiguration configuration,
        String group,
        Map<String, FilterExpression> subscriptions)
        throws ClientException;
  }

  /**
   * Starts the engine's client.
   *
   * @throws IllegalStateException naming the group and the endpoint if the client cannot start
   */
  final <C> C startClient(ClientStart<C> start) {
    try {
      C client =
          start.start(
              config.client().toClientConfiguration(), group(), processor.routes().subscriptions());
      started();
      return client;
    } catch (ClientException | RuntimeException e) {
      throw GrpcClientConfigurations.cannotStart(kind() + " " + group(), config.client(), e);
    }
  }
}
