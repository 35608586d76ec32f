package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.java.exception.InternalErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_MASTER + SLAVE with the plugin: while the slave is down a write is refused before it is
 * stored, so a producer's retries cannot duplicate it; once the slave is back, writes succeed.
 */
class InSyncReplicaGuardTest {
  private static final String TOPIC = "guarded";
  private static final String REJECTION = "in-sync replicas not enough";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          Brokers.withPlugin(Brokers.syncPair())
              .topic(TOPIC, TopicType.NORMAL, 1)
              .consumerGroup("guarded-reader", 3));

  @Test
  void slaveOutageRejectsWritesUnstoredAndSlaveReturnAcceptsThemAgain() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    assertThat(Brokers.brokerLog(mq))
        .contains("[Steadfast] broker broker-a complies with all durability rules");
    try (Producer producer = Brokers.producer(mq, TOPIC);
        SimpleConsumer consumer = Brokers.consumer(mq, "guarded-reader", TOPIC)) {
      producer.send(Brokers.message(TOPIC, "before-outage"));

      mq.stopSlave();
      // The master notices the closed replication connection; until then a write still waits.
      AtomicInteger probes = new AtomicInteger();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> isRejected(producer, "probe-" + probes.incrementAndGet()));

      // Refused at once (no 3 s replication wait): SYSTEM_ERROR in the broker, 50001 over gRPC.
      assertThatThrownBy(() -> producer.send(Brokers.message(TOPIC, "during-outage")))
          .isInstanceOf(InternalErrorException.class)
          .hasMessageContaining("response-code=50001")
          .hasMessageContaining(REJECTION);

      mq.startSlave();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> producer.send(Brokers.message(TOPIC, "after-outage")) != null);

      List<String> bodies = Brokers.readUpTo(consumer, "after-outage");
      assertThat(bodies).contains("before-outage").doesNotContain("during-outage");
      assertThat(Brokers.brokerLog(mq))
          .contains(
              "[Steadfast] only 1 of 2 required replicas in sync: rejecting writes",
              "[Steadfast] rejected write to "
                  + TOPIC
                  + " before storing it: 1 of 2 replicas in sync",
              "[Steadfast] 2 of 2 replicas in sync again; accepting writes");
    }
  }

  /** Sends a probe; true when the broker refused it with the plugin's rejection. */
  private static boolean isRejected(Producer producer, String body) {
    try {
      producer.send(Brokers.message(TOPIC, body));
      return false;
    } catch (ClientException e) {
      return String.valueOf(e.getMessage()).contains(REJECTION);
    }
  }
}
