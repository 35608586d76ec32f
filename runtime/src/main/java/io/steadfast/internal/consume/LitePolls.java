package io.steadfast.internal.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Polls a {@link DefaultLitePullConsumer} for several loops and records every polled message in
 * {@link QueueOffsets} before the next poll, so no later batch of a queue can settle and be
 * committed past an earlier one that is not yet in flight.
 */
final class LitePolls {
  /** A polled message and the queue it was pulled from (the retry topic's, for a retry copy). */
  record Polled(MessageExt message, MessageQueue queue) {
    long offset() {
      return message.getQueueOffset();
    }
  }

  private final DefaultLitePullConsumer consumer;
  private final QueueOffsets offsets;
  private final ReentrantLock lock = new ReentrantLock();

  LitePolls(DefaultLitePullConsumer consumer, QueueOffsets offsets) {
    this.consumer = consumer;
    this.offsets = offsets;
  }

  /**
   * The next batch, or an empty list when none arrives within {@code wait} (also when another loop
   * is polling for longer: a short poll never waits behind a long one). A message from the retry
   * topic has its original topic back, as the push consumer shows it.
   */
  List<Polled> poll(Duration wait) {
    try {
      if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return List.of();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    try {
      List<MessageExt> messages = consumer.poll(wait.toMillis());
      List<Polled> out = new ArrayList<>(messages.size());
      Map<MessageQueue, List<Long>> byQueue = new LinkedHashMap<>();
      for (MessageExt m : messages) {
        MessageQueue queue =
            consumer.queueWithNamespace(
                new MessageQueue(m.getTopic(), m.getBrokerName(), m.getQueueId()));
        byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(m.getQueueOffset());
        restoreOriginalTopic(m);
        out.add(new Polled(m, queue));
      }
      byQueue.forEach(offsets::polled);
      return out;
    } finally {
      lock.unlock();
    }
  }

  private void restoreOriginalTopic(MessageExt m) {
    String original = m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
    if (original != null && m.getTopic().startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)) {
      m.setTopic(consumer.withoutNamespace(original));
    }
  }
}
