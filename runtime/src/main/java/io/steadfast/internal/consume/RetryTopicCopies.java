package io.steadfast.internal.consume;

import java.time.Duration;
import java.util.HashMap;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a copy of a message the lite pull engine did not ack in the group's retry topic {@code
 * %RETRY%<group>}, as a normal send that must answer {@code SEND_OK}: stored with the broker's
 * flush and replicas, unlike the broker-side copy of {@code CONSUMER_SEND_MSG_BACK}, which the
 * broker stores without waiting for either (docs/rocketmq-behaviour.md). This is what the push
 * consumer falls back to when its send-back fails.
 *
 * <p>The copy keeps the message id, keys and properties, carries {@code reconsumeTimes + 1} and the
 * group's max reconsume times, and is delayed by the delay level the push consumer would use
 * ({@code 3 + reconsumeTimes}). The broker moves it to {@code %DLQ%<group>} instead when its
 * reconsume times exceed the max.
 */
final class RetryTopicCopies {
  private static final Logger log = LoggerFactory.getLogger(RetryTopicCopies.class);

  private final MQClientInstance client;
  private final String group;
  private final String retryTopic;
  private final int maxReconsumeTimes;
  private final Duration timeout;

  /**
   * @param client the consumer's client instance (its inner producer sends)
   * @param group the consumer group (for logs)
   * @param retryTopic the group's retry topic as the broker knows it (with the namespace, if any)
   */
  RetryTopicCopies(
      MQClientInstance client,
      String group,
      String retryTopic,
      int maxReconsumeTimes,
      Duration timeout) {
    this.client = client;
    this.group = group;
    this.retryTopic = retryTopic;
    this.maxReconsumeTimes = maxReconsumeTimes;
    this.timeout = timeout;
  }

  /**
   * Stores the retry copy of {@code m}, whose topic is its original one.
   *
   * @return true once the broker answered {@code SEND_OK}; false (logged) otherwise
   */
  boolean store(MessageExt m) {
    Message copy = new Message(retryTopic, m.getBody());
    MessageAccessor.setProperties(copy, new HashMap<>(m.getProperties()));
    String origin = MessageAccessor.getOriginMessageId(m);
    MessageAccessor.setOriginMessageId(copy, UtilAll.isBlank(origin) ? m.getMsgId() : origin);
    copy.setFlag(m.getFlag());
    MessageAccessor.putProperty(copy, MessageConst.PROPERTY_RETRY_TOPIC, m.getTopic());
    MessageAccessor.setReconsumeTime(copy, String.valueOf(m.getReconsumeTimes() + 1));
    MessageAccessor.setMaxReconsumeTimes(copy, String.valueOf(maxReconsumeTimes));
    MessageAccessor.clearProperty(copy, MessageConst.PROPERTY_TRANSACTION_PREPARED);
    copy.setDelayTimeLevel(3 + m.getReconsumeTimes());
    copy.setWaitStoreMsgOK(true);
    try {
      SendResult result = client.getDefaultMQProducer().send(copy, timeout.toMillis());
      if (result.getSendStatus() == SendStatus.SEND_OK) {
        return true;
      }
      log.warn(
          "Consumer {}: retry copy of message {} answered {}, not SEND_OK; sent again later",
          group,
          m.getMsgId(),
          result.getSendStatus());
    } catch (Exception e) {
      log.warn(
          "Consumer {}: storing the retry copy of message {} in {} failed ({}); sent again later",
          group,
          m.getMsgId(),
          retryTopic,
          e.toString());
    }
    return false;
  }
}
