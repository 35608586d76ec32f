package io.steadfast.testkit.server;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.broker.offset.ConsumerOffsetManager;
import org.apache.rocketmq.broker.processor.PopBufferMergeService;
import org.apache.rocketmq.broker.processor.PopInflightMessageCounter;
import org.apache.rocketmq.common.KeyBuilder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.store.MessageStore;

/**
 * How far a consumer group of POP consumers (rocketmq-client-java's SimpleConsumer and
 * PushConsumer, through the proxy) got through a topic, as the broker's own consumer-lag metric
 * computes it ({@code ConsumerLagCalculator}): a POP consumer's offset moves when messages are
 * received, not when they are acked, so the broker's count of received-but-unacked messages is
 * added, and messages waiting for redelivery sit in the group's POP retry topic.
 */
final class ConsumerProgress {
  private final MessageStore store;
  private final ConsumerOffsetManager offsets;
  private final PopBufferMergeService popBuffer;
  private final PopInflightMessageCounter inFlight;
  private final BrokerController broker;

  ConsumerProgress(BrokerController broker) {
    this.broker = broker;
    this.store = broker.getMessageStore();
    this.offsets = broker.getConsumerOffsetManager();
    this.popBuffer = broker.getPopMessageProcessor().getPopBufferMergeService();
    this.inFlight = broker.getPopInflightMessageCounter();
  }

  /**
   * {@code "<undelivered> <in flight> <retrying>"}: messages of {@code topic} the group never
   * received (all of them while it has no offset yet), messages received and not yet acked, and
   * messages in the retry topics waiting for redelivery.
   */
  String describe(String group, String topic) throws Exception {
    long[] main = count(group, topic);
    long[] retryV2 = count(group, KeyBuilder.buildPopRetryTopicV2(topic, group));
    long[] retryV1 = count(group, KeyBuilder.buildPopRetryTopicV1(topic, group));
    return main[0] + " " + (main[1] + retryV2[1] + retryV1[1]) + " " + (retryV2[0] + retryV1[0]);
  }

  /** {not yet received, received and not acked} over the queues of {@code topic}. */
  private long[] count(String group, String topic) throws Exception {
    TopicConfig config = broker.getTopicConfigManager().selectTopicConfig(topic);
    long[] result = new long[2];
    if (config == null) {
      return result;
    }
    for (int queue = 0; queue < config.getWriteQueueNums(); queue++) {
      long max = store.getMaxOffsetInQueue(topic, queue);
      long offset = popBuffer.getLatestOffset(topic, group, queue);
      if (offset < 0) {
        offset = offsets.queryOffset(group, topic, queue);
      }
      if (offset < 0) {
        offset = store.getMinOffsetInQueue(topic, queue); // never received: everything is ahead
      }
      result[0] += Math.max(0, max - offset);
      result[1] += inFlight.getGroupPopInFlightMessageNum(topic, group, queue);
    }
    return result;
  }
}
