package io.steadfast.broker;

import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * Topics the broker writes for its own bookkeeping: pop checkpoints and revive logs, timer and
 * schedule topics, transaction half messages, retry and dead-letter topics. The in-sync replica
 * guard lets them through: refusing a pop checkpoint or a retry write loses the message it tracks
 * (an unacked message would never be redelivered), and no producer waits to retry them.
 */
final class BrokerInternalTopics {
  private BrokerInternalTopics() {}

  static boolean contains(String topic) {
    return TopicValidator.isSystemTopic(topic)
        || topic.startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)
        || topic.startsWith(MixAll.DLQ_GROUP_TOPIC_PREFIX);
  }
}
