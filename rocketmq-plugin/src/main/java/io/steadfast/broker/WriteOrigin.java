package io.steadfast.broker;

import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * Who a write to the store comes from, told by what RocketMQ 5.3.3 marks on the message. The
 * in-sync replica guard refuses only {@link #PRODUCER} writes: every other origin writes again a
 * message the broker accepted earlier (and a producer was told so), and refusing it could lose the
 * message.
 *
 * <p>The store sees a producer's message before the broker's put hooks rewrite it, so a producer's
 * delay-level or timer message still has its real topic and no marks; its transactional half
 * message arrives on {@code RMQ_SYS_TRANS_HALF_TOPIC} and is a producer write too. The marks below
 * are system properties, which RocketMQ's clients and proxy refuse as user properties (their names
 * are reserved in {@link MessageConst}), and a transaction type that no producer sends.
 */
enum WriteOrigin {
  /** A producer's message: normal, FIFO, delay, timer, batch, or a transaction's half message. */
  PRODUCER("producer write"),

  /**
   * The final message of a committed transaction: EndTransactionProcessor sets its sysFlag's
   * transaction type to COMMIT (producers send NOT_TYPE, or PREPARED for a half message).
   */
  TRANSACTION_COMMIT("transaction commit"),

  /**
   * A timer message written to its real topic when due, or back into the timer topic: HookUtils
   * sets {@code TIMER_OUT_MS} when the broker accepts a timer message, and TimerMessageStore copies
   * it into both writes.
   */
  TIMER("due timer message"),

  /**
   * A delay-level message written to its real topic when due: ScheduleMessageService restores the
   * topic from {@code REAL_TOPIC} and keeps that property, which HookUtils set on acceptance.
   */
  DELAY_LEVEL("due delay-level message"),

  /**
   * A half message written again by the transaction check: TransactionalMessageServiceImpl counts
   * the checks in {@code TRANSACTION_CHECK_TIMES} before it writes the half message back.
   */
  TRANSACTION_CHECK("transaction check-back"),

  /**
   * Broker bookkeeping: system topics no producer may write (pop checkpoints and revive logs,
   * transaction ops, schedule and timer topics), and retry and dead-letter topics, which hold
   * messages accepted earlier.
   */
  BROKER_TOPIC("broker bookkeeping write");

  private final String description;

  WriteOrigin(String description) {
    this.description = description;
  }

  /** Reads the origin from the message's topic, transaction type and system properties. */
  static WriteOrigin of(MessageExt msg) {
    String topic = msg.getTopic();
    if (MessageSysFlag.getTransactionValue(msg.getSysFlag())
        == MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
      return TRANSACTION_COMMIT;
    }
    if (msg.getProperty(MessageConst.PROPERTY_TIMER_OUT_MS) != null) {
      return TIMER;
    }
    if (topic.equals(msg.getProperty(MessageConst.PROPERTY_REAL_TOPIC))) {
      return DELAY_LEVEL;
    }
    if (TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC.equals(topic)) {
      return msg.getProperty(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES) != null
          ? TRANSACTION_CHECK
          : PRODUCER;
    }
    if (TopicValidator.isSystemTopic(topic)
        || topic.startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)
        || topic.startsWith(MixAll.DLQ_GROUP_TOPIC_PREFIX)) {
      return BROKER_TOPIC;
    }
    return PRODUCER;
  }

  @Override
  public String toString() {
    return description;
  }
}
