package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.internal.ClientClose;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ConsumerDefinition} on a PushConsumer: one message per listener call; SUCCESS acks,
 * FAILURE makes the broker redeliver after the group's retry backoff. The proxy keeps messages of
 * push consumers invisible while they are consumed, so only the store lease is renewed.
 */
final class PushConsumerEngine implements RunningConsumer {
  private static final Logger log = LoggerFactory.getLogger(PushConsumerEngine.class);

  /** How long closing the RocketMQ client may take before close() returns anyway. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  private final MessageProcessor processor;
  private final ConsumerConfig config;
  private final PushConsumer consumer;
  private volatile boolean running = true;
  private volatile Instant lastReceive;

  PushConsumerEngine(ConsumerDefinition definition, ConsumerConfig config) {
    this.processor = new MessageProcessor(definition, config);
    this.config = config;
    try {
      this.consumer =
          ClientServiceProvider.loadService()
              .newPushConsumerBuilder()
              .setClientConfiguration(config.client().toClientConfiguration())
              .setConsumerGroup(definition.group())
              .setSubscriptionExpressions(processor.routes().subscriptions())
              .setConsumptionThreadCount(config.threads())
              .setMessageListener(
                  view -> {
                    lastReceive = Instant.now();
                    return processor.process(IncomingMessage.of(view), InvisibilityExtender.NONE)
                            == Disposition.ACK
                        ? ConsumeResult.SUCCESS
                        : ConsumeResult.FAILURE;
                  })
              .build();
    } catch (ClientException e) {
      throw new IllegalStateException(
          "Cannot start push consumer " + definition.group() + " on " + config.client(), e);
    }
    log.info("Push consumer {} started on {}", definition.group(), config.client());
  }

  @Override
  public String group() {
    return processor.group();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public Optional<Instant> lastReceive() {
    return Optional.ofNullable(lastReceive);
  }

  @Override
  public void close() {
    running = false;
    processor.beginClose();
    boolean idle = false;
    try {
      idle = processor.awaitIdle(config.shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    processor.finishClose(idle);
    ClientClose.within(consumer, CLOSE_LIMIT, "push consumer " + group());
    log.info("Push consumer {} closed", group());
  }
}
