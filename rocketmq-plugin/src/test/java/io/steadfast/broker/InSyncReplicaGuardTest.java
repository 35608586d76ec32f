package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.java.exception.InternalErrorException;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_MASTER + SLAVE with the plugin: while the slave is down a producer's write, a transaction's
 * half message included, is refused before it is stored, so a producer's retries cannot duplicate
 * it; once the slave is back, writes succeed.
 */
class InSyncReplicaGuardTest {
  private static final String TOPIC = "guarded";
  private static final String TX_TOPIC = "guarded-tx";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          Brokers.withPlugin(Brokers.syncPair())
              .topic(TOPIC, TopicType.NORMAL, 1)
              .topic(TX_TOPIC, TopicType.TRANSACTION, 1)
              .topic(SlaveOutage.PROBE_TOPIC, TopicType.NORMAL, 1)
              .consumerGroup("guarded-reader", 3));

  @Test
  void slaveOutageRejectsWritesUnstoredAndSlaveReturnAcceptsThemAgain() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    assertThat(Brokers.brokerLog(mq))
        .contains("[Steadfast] broker broker-a complies with all durability rules");
    try (Producer producer = Brokers.producer(mq, TOPIC);
        Producer txProducer =
            Brokers.transactionalProducer(mq, TX_TOPIC, view -> TransactionResolution.ROLLBACK);
        SimpleConsumer consumer = Brokers.consumer(mq, "guarded-reader", TOPIC)) {
      producer.send(Brokers.message(TOPIC, "before-outage"));
      Transaction before = txProducer.beginTransaction();
      txProducer.send(Brokers.message(TX_TOPIC, "tx-before-outage"), before);
      before.rollback();
      long halfMessages = mq.messageCount(TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC);

      SlaveOutage outage = SlaveOutage.begin(mq);
      try {
        // Refused at once (no 3 s replication wait): SYSTEM_ERROR in the broker, 50001 over gRPC.
        assertThatThrownBy(() -> producer.send(Brokers.message(TOPIC, "during-outage")))
            .isInstanceOf(InternalErrorException.class)
            .hasMessageContaining("response-code=50001")
            .hasMessageContaining(SlaveOutage.REJECTION);
        // A transaction's half message is a producer write too: refused, nothing to commit later.
        Transaction during = txProducer.beginTransaction();
        assertThatThrownBy(
                () -> txProducer.send(Brokers.message(TX_TOPIC, "tx-during-outage"), during))
            .hasMessageContaining(SlaveOutage.REJECTION);
        assertThat(mq.messageCount(TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC))
            .isEqualTo(halfMessages);
      } finally {
        outage.close();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> producer.send(Brokers.message(TOPIC, "after-outage")) != null);

      List<String> bodies = Brokers.readUpTo(consumer, "after-outage");
      assertThat(bodies).contains("before-outage").doesNotContain("during-outage");
      assertThat(Brokers.brokerLog(mq))
          .contains(
              "[Steadfast] only 1 of 2 required replicas in sync: rejecting producer writes",
              "[Steadfast] rejected write to "
                  + TOPIC
                  + " before storing it: 1 of 2 replicas in sync",
              "[Steadfast] rejected write to "
                  + TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC
                  + " before storing it",
              "[Steadfast] 2 of 2 replicas in sync again; accepting writes");
    }
  }
}
