package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

/**
 * Runs a {@link ConsumerDefinition} on a PushConsumer: one message per listener call; SUCCESS acks,
 * FAILURE makes the broker redeliver after the group's retry backoff. The proxy keeps messages of
 * push consumers invisible while they are consumed, so only the store lease is renewed.
 */
final class PushConsumerEngine extends GrpcConsumerEngine {
  private final PushConsumer consumer;

  PushConsumerEngine(ConsumerDefinition definition, ConsumerConfig config) {
    super("push consumer", definition, config);
    this.consumer =
        startClient(
            (client, group, subscriptions) ->
                ClientServiceProvider.loadService()
                    .newPushConsumerBuilder()
                    .setClientConfiguration(client)
                    .setConsumerGroup(group)
                    .setSubscriptionExpressions(subscriptions)
                    .setConsumptionThreadCount(config.threads())
                    .setMessageListener(
                        view -> {
                          received();
                          return processor.process(
                                      IncomingMessage.of(view), InvisibilityExtender.NONE)
                                  == Disposition.ACK
                              ? ConsumeResult.SUCCESS
                              : ConsumeResult.FAILURE;
                        })
                    .build());
  }

  @Override
  public void close() {
    closing();
    processor.beginClose();
    boolean idle = false;
    try {
      idle = processor.awaitIdle(config.shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finishClose(idle, consumer);
  }
}
