package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExtBrokerInner;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The marks RocketMQ 5.3.3 puts on each kind of write, as the store sees them (before the broker's
 * put hooks rewrite a producer's delay or timer message). {@code AcceptedMessagesOutageTest} shows
 * the same on a real broker.
 */
class WriteOriginTest {

  @Test
  void producersMessagesOfEveryKindAreProducerWrites() {
    MessageExtBrokerInner timer = message("orders");
    MessageAccessor.putProperty(timer, MessageConst.PROPERTY_TIMER_DELIVER_MS, "1767225600000");
    MessageExtBrokerInner delayLevel = message("orders");
    delayLevel.setDelayTimeLevel(3);
    MessageExtBrokerInner prepared = message("orders");
    prepared.setSysFlag(
        MessageSysFlag.resetTransactionValue(0, MessageSysFlag.TRANSACTION_PREPARED_TYPE));
    // What TransactionalMessageBridge.parseHalfMessageInner stores for a producer's half message.
    MessageExtBrokerInner half = message(TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC);
    MessageAccessor.putProperty(half, MessageConst.PROPERTY_REAL_TOPIC, "orders");
    MessageAccessor.putProperty(half, MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
    // A consumed delay-level message forwarded to another topic keeps REAL_TOPIC=orders.
    MessageExtBrokerInner forwarded = message("audit");
    MessageAccessor.putProperty(forwarded, MessageConst.PROPERTY_REAL_TOPIC, "orders");

    assertThat(WriteOrigin.of(message("orders"))).isEqualTo(WriteOrigin.PRODUCER);
    assertThat(WriteOrigin.of(timer)).isEqualTo(WriteOrigin.PRODUCER);
    assertThat(WriteOrigin.of(delayLevel)).isEqualTo(WriteOrigin.PRODUCER);
    assertThat(WriteOrigin.of(prepared)).isEqualTo(WriteOrigin.PRODUCER);
    assertThat(WriteOrigin.of(half)).isEqualTo(WriteOrigin.PRODUCER);
    assertThat(WriteOrigin.of(forwarded)).isEqualTo(WriteOrigin.PRODUCER);
  }

  /** EndTransactionProcessor: the half message's properties, transaction type COMMIT. */
  @Test
  void transactionCommitIsMarkedByItsTransactionType() {
    MessageExtBrokerInner commit = message("orders");
    commit.setSysFlag(
        MessageSysFlag.resetTransactionValue(
            MessageSysFlag.MULTI_TAGS_FLAG, MessageSysFlag.TRANSACTION_COMMIT_TYPE));

    assertThat(WriteOrigin.of(commit)).isEqualTo(WriteOrigin.TRANSACTION_COMMIT);
  }

  /** TimerMessageStore.convertMessage keeps TIMER_OUT_MS, set when the broker accepted it. */
  @ParameterizedTest
  @ValueSource(strings = {"orders", "rmq_sys_wheel_timer"})
  void dueOrRolledTimerMessageIsMarkedByTimerOut(String topic) {
    MessageExtBrokerInner due = message(topic);
    MessageAccessor.putProperty(due, MessageConst.PROPERTY_TIMER_OUT_MS, "1767225600000");
    MessageAccessor.putProperty(due, MessageConst.PROPERTY_TIMER_DEQUEUE_MS, "1767225600001");

    assertThat(WriteOrigin.of(due)).isEqualTo(WriteOrigin.TIMER);
  }

  /** ScheduleMessageService.messageTimeUp restores the topic from REAL_TOPIC and keeps it. */
  @Test
  void dueDelayLevelMessageIsMarkedByItsRealTopic() {
    MessageExtBrokerInner due = message("orders");
    MessageAccessor.putProperty(due, MessageConst.PROPERTY_REAL_TOPIC, "orders");
    MessageAccessor.putProperty(due, MessageConst.PROPERTY_REAL_QUEUE_ID, "0");

    assertThat(WriteOrigin.of(due)).isEqualTo(WriteOrigin.DELAY_LEVEL);
  }

  /** TransactionalMessageServiceImpl counts the checks before it writes the half message back. */
  @Test
  void halfMessageWrittenBackByTheCheckIsMarkedByItsCheckCount() {
    MessageExtBrokerInner renewed = message(TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC);
    MessageAccessor.putProperty(renewed, MessageConst.PROPERTY_REAL_TOPIC, "orders");
    MessageAccessor.putProperty(renewed, MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, "1");

    assertThat(WriteOrigin.of(renewed)).isEqualTo(WriteOrigin.TRANSACTION_CHECK);
  }

  /** A refused pop checkpoint or retry write would leave a received message never redelivered. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "rmq_sys_REVIVE_LOG_SteadfastCluster",
        "SCHEDULE_TOPIC_XXXX",
        "RMQ_SYS_TRANS_OP_HALF_TOPIC",
        "TRANS_CHECK_MAX_TIME_TOPIC",
        "%RETRY%billing+orders",
        "%RETRY%billing",
        "%DLQ%billing"
      })
  void bookkeepingTopicsAreBrokerWrites(String topic) {
    assertThat(WriteOrigin.of(message(topic))).isEqualTo(WriteOrigin.BROKER_TOPIC);
  }

  @ParameterizedTest
  @ValueSource(strings = {"payments", "retry-orders", "rmq-orders", "DLQ-orders"})
  void producerTopicsThatLookInternalAreProducerWrites(String topic) {
    assertThat(WriteOrigin.of(message(topic))).isEqualTo(WriteOrigin.PRODUCER);
  }

  private static MessageExtBrokerInner message(String topic) {
    MessageExtBrokerInner msg = new MessageExtBrokerInner();
    msg.setTopic(topic);
    msg.setBody(new byte[] {1});
    msg.setWaitStoreMsgOK(true);
    return msg;
  }
}
