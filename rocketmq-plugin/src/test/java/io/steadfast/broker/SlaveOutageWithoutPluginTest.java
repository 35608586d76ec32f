package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.util.List;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same slave outage WITHOUT the plugin, for comparison: the master stores the message, tells
 * the producer the send failed (FLUSH_SLAVE_TIMEOUT, gRPC code 50402), and the producer's retries
 * store it again.
 */
class SlaveOutageWithoutPluginTest {
  private static final String TOPIC = "unguarded";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          Brokers.syncPair()
              .topic(TOPIC, TopicType.NORMAL, 1)
              .consumerGroup("unguarded-reader", 3));

  @Test
  void slaveOutageStoresTheMessageReportsFailureAndRetriesDuplicateIt() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Brokers.producer(mq, TOPIC);
        SimpleConsumer consumer = Brokers.consumer(mq, "unguarded-reader", TOPIC)) {
      mq.stopSlave();

      assertThatThrownBy(() -> producer.send(Brokers.message(TOPIC, "during-outage")))
          .isInstanceOf(ProxyTimeoutException.class)
          .hasMessageContaining("response-code=50402")
          .hasMessageContaining("FLUSH_SLAVE_TIMEOUT");

      mq.startSlave();
      producer.send(Brokers.message(TOPIC, "after-outage"));

      List<String> bodies = Brokers.readUpTo(consumer, "after-outage");
      long copies = bodies.stream().filter("during-outage"::equals).count();
      assertThat(copies).as("copies of the 'failed' message in %s", bodies).isGreaterThan(1);
    }
  }
}
