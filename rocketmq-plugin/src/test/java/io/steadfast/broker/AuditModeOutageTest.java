package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Audit mode during a slave outage: writes are not rejected, only counted; the replica timeouts
 * RocketMQ then answers are counted and logged too.
 */
class AuditModeOutageTest {
  private static final String TOPIC = "audited";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          Brokers.withPlugin(Brokers.syncPair())
              .brokerProperty("steadfastMode", "audit")
              .topic(TOPIC, TopicType.NORMAL, 1));

  @Test
  void underReplicatedWritesAreStoredCountedAndTheirTimeoutsLogged() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Brokers.producer(mq, TOPIC, 1)) {
      mq.stopSlave();

      AtomicInteger sends = new AtomicInteger();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                sendIgnoringFailure(producer, "outage-" + sends.incrementAndGet());
                return Brokers.brokerLog(mq).contains("auditedUnderReplicatedWrites=1 ");
              });

      assertThat(Brokers.brokerLog(mq))
          .contains(
              "[Steadfast] only 1 of 2 required replicas in sync: audit mode, NOT rejecting producer"
                  + " writes",
              "[Steadfast] replica timeout (FLUSH_SLAVE_TIMEOUT): a write was stored on the master"
                  + " only (rejectedWrites=0 auditedUnderReplicatedWrites=")
          .doesNotContain("[Steadfast] rejected write");
    }
  }

  /** In audit mode the write is stored and then answered FLUSH_SLAVE_TIMEOUT (a failure). */
  private static void sendIgnoringFailure(Producer producer, String body) {
    try {
      producer.send(Brokers.message(TOPIC, body));
    } catch (ClientException expected) {
      assertThat(expected).hasMessageContaining("response-code=50402");
    }
  }
}
