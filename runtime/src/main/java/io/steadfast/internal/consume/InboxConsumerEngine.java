package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.inbox.InboxEntry;
import io.steadfast.inbox.InboxStore;
import io.steadfast.internal.ClientClose;
import io.steadfast.internal.GrpcClientConfigurations;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.metrics.SteadfastMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox mode: a PushConsumer whose listener routes, decodes and keys each message as the
 * idempotent engine does, stores it in the inbox (a copy of a stored key is recognised there) and
 * acks it; {@link InboxWorkers} run the handlers from the table. A message is acked only once its
 * row is committed; if the inbox cannot take it, it is left for redelivery. Bad input (no handler,
 * undecodable, no key) is left for redelivery too, so it ends in the broker's dead-letter queue as
 * with the idempotent engine.
 */
final class InboxConsumerEngine implements RunningConsumer {
  private static final Logger log = LoggerFactory.getLogger(InboxConsumerEngine.class);
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  /** Logged as the dead-letter attempt: RocketMQ's default, 16 retries after the first delivery. */
  private static final int BROKER_MAX_ATTEMPTS = 17;

  private final String group;
  private final InboxStore inbox;
  private final SteadfastMetrics metrics;
  private final Redeliveries redeliveries;
  private final MessagePreparation preparation;
  private final InboxWorkers workers;
  private final PushConsumer consumer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Instant lastReceive;

  InboxConsumerEngine(ConsumerDefinition definition, InboxConfig config) {
    this.group = definition.group();
    this.inbox = config.inbox();
    this.metrics = config.metrics();
    Routes routes = new Routes(definition);
    this.redeliveries = new Redeliveries(group, BROKER_MAX_ATTEMPTS, metrics);
    this.preparation = new MessagePreparation(group, routes, config.codecs(), redeliveries);
    this.workers = new InboxWorkers(group, routes, config);
    try {
      this.consumer =
          ClientServiceProvider.loadService()
              .newPushConsumerBuilder()
              .setClientConfiguration(config.client().toClientConfiguration())
              .setConsumerGroup(group)
              .setSubscriptionExpressions(routes.subscriptions())
              .setConsumptionThreadCount(config.threads())
              .setMessageListener(this::arrive)
              .build();
    } catch (ClientException | RuntimeException e) {
      workers.close(Duration.ZERO);
      throw GrpcClientConfigurations.cannotStart("inbox consumer " + group, config.client(), e);
    }
    log.info("inbox consumer {} started on {}, inbox {}", group, config.client(), inbox.name());
  }

  private ConsumeResult arrive(MessageView view) {
    lastReceive = Instant.now();
    IncomingMessage m = IncomingMessage.of(view);
    PreparedMessage p =
        preparation.prepare(0, new MessageProcessor.Delivery(m, InvisibilityExtender.NONE));
    if (p == null) {
      return ConsumeResult.FAILURE;
    }
    try {
      boolean stored =
          inbox.store(
              new InboxEntry(
                  group,
                  p.key(),
                  m.messageId(),
                  m.topic(),
                  m.tag(),
                  m.keys(),
                  m.properties(),
                  m.body(),
                  view.getMessageGroup().orElse(null)));
      if (stored) {
        metrics.inboxStored(group, m.topic());
        workers.wakeUp();
      } else {
        metrics.duplicateSuppressed(group, m.topic());
      }
      return ConsumeResult.SUCCESS;
    } catch (RuntimeException e) {
      redeliveries.redeliver(m, "the inbox did not take it: " + e, false);
      return ConsumeResult.FAILURE;
    }
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public boolean isRunning() {
    return !closed.get();
  }

  @Override
  public Optional<Instant> lastReceive() {
    return Optional.ofNullable(lastReceive);
  }

  /** Stops receiving first (nothing new is acked), then lets running handlers finish. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ClientClose.within(consumer, CLOSE_LIMIT, "inbox consumer " + group);
    workers.close(workers.shutdownTimeout());
    log.info("inbox consumer {} closed", group);
  }
}
