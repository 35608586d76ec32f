package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages the broker accepted before a slave outage and writes again, to their real topic, during
 * it: a transaction committed during the outage, and a timer and a delay-level message that fall
 * due during it. The plugin must let these re-puts through (refusing one can lose the message), so
 * each is delivered exactly once after the slave returns. One outage serves all three tests.
 */
class AcceptedMessagesOutageTest {
  private static final String TX_TOPIC = "outage-tx";
  private static final String TIMER_TOPIC = "outage-timer";
  private static final String DELAY_TOPIC = "outage-delay";
  private static final String IN_OUTAGE = "in-outage";
  private static final String AFTER_OUTAGE = "after-outage";

  /** Level 2 of the broker's {@code messageDelayLevel} below. */
  private static final int DELAY_LEVEL = 2;

  private static final Duration DELAY = Duration.ofSeconds(8);

  /** How long the slave stays down after the messages fell due: many of the broker's retries. */
  private static final Duration OUTAGE_AFTER_DUE = Duration.ofSeconds(5);

  /**
   * The broker's {@code transactionTimeOut}: no check-back for a half message younger than this. It
   * must outlast the commit, which waits {@code slaveTimeout} (3 s) during the outage like on a
   * stock broker: a check-back within that wait would commit the message a second time.
   */
  private static final Duration CHECK_IMMUNITY = Duration.ofSeconds(10);

  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  private static final int CHECK_MAX = 2;

  /**
   * Until when the slave stays down after the half message was sent: past the check-backs that
   * RocketMQ makes before it gives a half message up (moves it to TRANS_CHECK_MAX_TIME_TOPIC).
   */
  private static final Duration OUTAGE_AFTER_HALF_MESSAGE =
      CHECK_IMMUNITY.plus(CHECK_INTERVAL.multipliedBy(CHECK_MAX + 3));

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          Brokers.withPlugin(Brokers.syncPair())
              // Check-backs start 10 s after a half message, 1 s apart, at most 2 (defaults: 6 s,
              // 30 s, 15), so a half message whose commit was refused is given up in the outage.
              .brokerProperty("transactionTimeOut", String.valueOf(CHECK_IMMUNITY.toMillis()))
              .brokerProperty("transactionCheckInterval", String.valueOf(CHECK_INTERVAL.toMillis()))
              .brokerProperty("transactionCheckMax", String.valueOf(CHECK_MAX))
              // A commit's op message (which ends check-backs) is written 0.1 s later, not 3 s.
              .brokerProperty("transactionOpBatchInterval", "100")
              .brokerProperty("messageDelayLevel", "1s " + DELAY.toSeconds() + "s")
              .topic(SlaveOutage.PROBE_TOPIC, TopicType.NORMAL, 1)
              .topic(TX_TOPIC, TopicType.TRANSACTION, 1)
              .topic(TIMER_TOPIC, TopicType.DELAY, 1)
              .topic(DELAY_TOPIC, TopicType.DELAY, 1)
              .consumerGroup("outage-tx-reader", 3)
              .consumerGroup("outage-timer-reader", 3)
              .consumerGroup("outage-delay-reader", 3));

  /** Commits only what the test committed; check-backs for anything else stay undecided. */
  private static final Set<String> COMMITTED = ConcurrentHashMap.newKeySet();

  private static Producer txProducer;
  private static Producer timerProducer;
  private static DefaultMQProducer delayProducer;

  /**
   * Before the outage: a transaction's half message, a timer and a delay-level message due {@link
   * #DELAY} later. During it: the commit; the messages fall due.
   */
  @BeforeAll
  static void acceptMessagesThenStopTheSlaveWhileTheyAreWrittenAgain() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    txProducer =
        Brokers.transactionalProducer(
            mq,
            TX_TOPIC,
            view ->
                COMMITTED.contains(Brokers.body(view))
                    ? TransactionResolution.COMMIT
                    : TransactionResolution.UNKNOWN);
    timerProducer = Brokers.producer(mq, TIMER_TOPIC);
    delayProducer = Brokers.classicProducer(mq, "outage-delay-producer");

    Transaction transaction = txProducer.beginTransaction();
    txProducer.send(Brokers.message(TX_TOPIC, IN_OUTAGE), transaction);
    Instant halfMessageSent = Instant.now();
    Instant due = halfMessageSent.plus(DELAY);
    timerProducer.send(Brokers.timerMessage(TIMER_TOPIC, IN_OUTAGE, due));
    Message delayed = classicMessage(IN_OUTAGE);
    delayed.setDelayTimeLevel(DELAY_LEVEL);
    assertThat(delayProducer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

    try (SlaveOutage outage = SlaveOutage.begin(mq)) {
      assertThat(outage.noticedAt())
          .as("outage noticed before the messages fell due")
          .isBefore(due);
      COMMITTED.add(IN_OUTAGE);
      transaction.commit(); // returns once the broker handled it (local proxy)
      assertThat(Instant.now())
          .as("commit handled before the first check-back could commit it again")
          .isBefore(halfMessageSent.plus(CHECK_IMMUNITY).minusSeconds(1));
      Instant end = halfMessageSent.plus(OUTAGE_AFTER_HALF_MESSAGE);
      outage.holdUntil(end.isAfter(due.plus(OUTAGE_AFTER_DUE)) ? end : due.plus(OUTAGE_AFTER_DUE));
    }
  }

  @AfterAll
  static void closeProducers() throws Exception {
    if (delayProducer != null) {
      delayProducer.shutdown();
    }
    if (timerProducer != null) {
      timerProducer.close();
    }
    if (txProducer != null) {
      txProducer.close();
    }
  }

  @Test
  void transactionCommittedDuringTheOutageIsDeliveredOnce() throws Exception {
    Transaction after = txProducer.beginTransaction();
    txProducer.send(Brokers.message(TX_TOPIC, AFTER_OUTAGE), after);
    COMMITTED.add(AFTER_OUTAGE);
    after.commit();

    assertDeliveredOnce("outage-tx-reader", TX_TOPIC);
    assertWrittenDuringTheOutage("transaction commit", TX_TOPIC);
  }

  @Test
  void timerMessageDueDuringTheOutageIsDeliveredOnce() throws Exception {
    timerProducer.send(Brokers.timerMessage(TIMER_TOPIC, AFTER_OUTAGE, Instant.now()));

    assertDeliveredOnce("outage-timer-reader", TIMER_TOPIC);
    assertWrittenDuringTheOutage("due timer message", TIMER_TOPIC);
  }

  @Test
  void delayLevelMessageDueDuringTheOutageIsDeliveredOnce() throws Exception {
    assertThat(delayProducer.send(classicMessage(AFTER_OUTAGE)).getSendStatus())
        .isEqualTo(SendStatus.SEND_OK);

    assertDeliveredOnce("outage-delay-reader", DELAY_TOPIC);
    assertWrittenDuringTheOutage("due delay-level message", DELAY_TOPIC);
  }

  private static Message classicMessage(String body) {
    Message message = new Message(DELAY_TOPIC, body.getBytes(StandardCharsets.UTF_8));
    message.setKeys(body);
    return message;
  }

  /** The plugin saw the re-put while too few replicas were in sync, and let it through. */
  private static void assertWrittenDuringTheOutage(String kind, String topic) {
    assertThat(Brokers.brokerLog(MQ.cluster()))
        .contains("[Steadfast] let a " + kind + " to " + topic + " through while under-replicated");
  }

  /** Counted on the consumer side: the message from the outage and the one after arrive once. */
  private static void assertDeliveredOnce(String group, String topic) throws Exception {
    try (SimpleConsumer consumer = Brokers.consumer(MQ.cluster(), group, topic)) {
      List<String> bodies = Brokers.readUpToAndLateCopies(consumer, AFTER_OUTAGE);
      assertThat(bodies).as("bodies received").containsOnlyOnce(IN_OUTAGE, AFTER_OUTAGE);
    }
  }
}
