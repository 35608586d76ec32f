package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.internal.remoting.RemotingClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/**
 * Runs a {@link ConsumerDefinition} on the classic remoting client's {@link DefaultMQPushConsumer},
 * clustering mode, one message per listener call. {@code CONSUME_SUCCESS} only once the processor
 * says ack (handler returned and DONE written, or a copy of a DONE message); otherwise {@code
 * RECONSUME_LATER}: the client sends the message back to the group's retry topic with the next
 * delay level, and after {@code maxDeliveryAttempts - 1} reconsumes to {@code %DLQ%<group>}.
 *
 * <p>The client has no invisibility to extend; its {@code consumeTimeout} (whole minutes) plays
 * that part: a message consumed for longer is sent back for redelivery while its handler may still
 * run. It is set from {@link ConsumerConfig#invisibleDuration()} rounded up, the lease must be at
 * least as long (checked at start), and the lease keeper renews the claim while the handler runs,
 * so such a copy finds the key PROCESSING and is retried later, never run twice at once.
 *
 * <p>With {@link ConsumerConfig#ordered()} it registers a {@link MessageListenerOrderly} instead:
 * the client locks each queue on the broker and hands its messages over one at a time, in order. A
 * message not acked returns {@code SUSPEND_CURRENT_QUEUE_A_MOMENT}: the client puts it back at the
 * head of its queue and consumes it again after a second, its reconsume count raised, so nothing
 * behind it overtakes it. Once it has failed {@code maxDeliveryAttempts} times the client sends it
 * to the retry topic, which the broker turns into {@code %DLQ%<group>} (the group holds queue
 * locks), and the queue goes on.
 */
final class RemotingPushConsumerEngine extends ConsumerEngine {
  private final DefaultMQPushConsumer consumer;

  RemotingPushConsumerEngine(ConsumerDefinition definition, ConsumerConfig config) {
    // Checked before the processor starts its lease keeper: a refused start leaves no thread.
    super(
        config.ordered() ? "remoting orderly push consumer" : "remoting push consumer",
        definition,
        leaseCoveringConsumeTimeout(config));
    this.consumer =
        RemotingClients.configure(
            new DefaultMQPushConsumer(group(), RemotingClients.rpcHook(config.client())),
            config.client(),
            "consumer-" + group());
    consumer.setMessageModel(MessageModel.CLUSTERING);
    consumer.setConsumeMessageBatchMaxSize(1);
    // Each consumer id once: a client the broker lists twice would leave a queue without owner.
    consumer.setAllocateMessageQueueStrategy(new DistinctConsumerIds());
    consumer.setConsumeThreadMin(config.threads());
    consumer.setConsumeThreadMax(config.threads());
    consumer.setMaxReconsumeTimes(config.maxDeliveryAttempts() - 1);
    consumer.setConsumeTimeout(consumeTimeoutMinutes(config));
    // The client's shutdown interrupts consume threads still running after this wait (default 0:
    // at once); a handler interrupted mid-write was seen in RemotingConsumerCloseTest. Never
    // interrupt: close() returns after the shutdown timeout anyway (ClientClose bounds the client's
    // shutdown), which ends in the background once the handler has.
    consumer.setAwaitTerminationMillisWhenShutdown(Long.MAX_VALUE);
    if (config.ordered()) {
      consumer.registerMessageListener((MessageListenerOrderly) this::consumeOrderly);
    } else {
      consumer.registerMessageListener((MessageListenerConcurrently) this::consume);
    }
    try {
      for (Map.Entry<String, String> s : processor.routes().tagExpressions().entrySet()) {
        consumer.subscribe(s.getKey(), s.getValue());
      }
      consumer.start();
    } catch (MQClientException e) {
      consumer.shutdown();
      processor.finishClose(true); // nothing ran: stops the lease keeper
      throw new IllegalStateException(
          "Cannot start "
              + kind()
              + " "
              + group()
              + " on "
              + config.client()
              + ": "
              + e.getErrorMessage(),
          e);
    }
    started();
  }

  /** The client's consumeTimeout: the invisible duration in whole minutes, at least 1. */
  private static long consumeTimeoutMinutes(ConsumerConfig config) {
    return Math.max(1, (config.invisibleDuration().toSeconds() + 59) / 60);
  }

  /**
   * Returns {@code config}.
   *
   * @throws IllegalArgumentException if its lease is shorter than the client's consumeTimeout
   */
  private static ConsumerConfig leaseCoveringConsumeTimeout(ConsumerConfig config) {
    long minutes = consumeTimeoutMinutes(config);
    Duration consumeTimeout = Duration.ofMinutes(minutes);
    if (config.lease().compareTo(consumeTimeout) < 0) {
      throw new IllegalArgumentException(
          "lease "
              + config.lease()
              + " is shorter than the remoting client's consumeTimeout of "
              + minutes
              + " min (invisibleDuration "
              + config.invisibleDuration()
              + " rounded up to whole minutes): the client redelivers a message after"
              + " consumeTimeout, and a copy must still find its claim. Set"
              + " ConsumerConfig.lease to at least "
              + consumeTimeout);
    }
    return config;
  }

  private ConsumeConcurrentlyStatus consume(
      List<MessageExt> messages, ConsumeConcurrentlyContext context) {
    return allAcked(messages)
        ? ConsumeConcurrentlyStatus.CONSUME_SUCCESS
        : ConsumeConcurrentlyStatus.RECONSUME_LATER;
  }

  /** Ordered: a message not acked holds its queue, in place, until it is acked or dead-lettered. */
  private ConsumeOrderlyStatus consumeOrderly(
      List<MessageExt> messages, ConsumeOrderlyContext context) {
    return allAcked(messages)
        ? ConsumeOrderlyStatus.SUCCESS
        : ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
  }

  /** Processes {@code messages} in order, stopping at the first one not acked. */
  private boolean allAcked(List<MessageExt> messages) {
    received();
    for (MessageExt m : messages) {
      if (processor.process(RemotingMessages.of(m), InvisibilityExtender.NONE) != Disposition.ACK) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops pulling, waits up to the shutdown timeout for running handlers, then shuts the client
   * down (it persists the offsets of acked messages). Messages not acked come back later.
   */
  @Override
  public void close() {
    closing();
    consumer.suspend();
    processor.beginClose();
    boolean idle = false;
    try {
      idle = processor.awaitIdle(config.shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finishClose(idle, consumer::shutdown);
  }
}
