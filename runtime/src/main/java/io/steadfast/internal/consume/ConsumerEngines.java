package io.steadfast.internal.consume;

import io.steadfast.config.ClientSettings.Transport;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.internal.ClientLibraries;

/**
 * Starts the engine that fits a {@link ConsumerConfig}. Called by {@code Steadfast.consumer}; not
 * for direct use.
 */
public final class ConsumerEngines {
  private ConsumerEngines() {}

  /**
   * Starts consuming for {@code definition} (generated or hand-written) with {@code config}.
   *
   * @return the running consumer; close it to stop
   * @throws IllegalArgumentException if the definition and store do not fit together
   * @throws IllegalStateException if the RocketMQ client cannot start
   */
  public static RunningConsumer start(ConsumerDefinition definition, ConsumerConfig config) {
    ClientLibraries.require(config.client());
    if (config.client().transport() == Transport.REMOTING) {
      if (config.mode() == Mode.BATCH) {
        if (config.ordered()) {
          throw new IllegalArgumentException(
              "Consumer "
                  + definition.group()
                  + ": ordered consumption on the classic remoting client (ClientSettings.nameServer)"
                  + " runs in PUSH mode only (MessageListenerOrderly); BATCH retries a failed"
                  + " message through the retry topic, behind the messages after it. Use"
                  + " ConsumerConfig.mode(PUSH) with ordered(true), or ordered(false) for BATCH");
        }
        return new RemotingLitePullConsumerEngine(definition, config);
      }
      return new RemotingPushConsumerEngine(definition, config);
    }
    return switch (config.mode()) {
      case PUSH -> new PushConsumerEngine(definition, config);
      case BATCH -> new BatchConsumerEngine(definition, config);
    };
  }

  /**
   * Starts an inbox consumer: messages are stored in the inbox and acked, handlers run from it.
   *
   * @throws IllegalStateException if the RocketMQ client cannot start
   */
  public static RunningConsumer startInbox(ConsumerDefinition definition, InboxConfig config) {
    if (config.client().transport() == Transport.REMOTING) {
      throw new IllegalArgumentException(
          "Inbox consumer "
              + definition.group()
              + ": inbox mode is not available on the classic remoting client"
              + " (ClientSettings.nameServer) yet; use a gRPC proxy endpoint");
    }
    ClientLibraries.require(config.client());
    return new InboxConsumerEngine(definition, config);
  }
}
