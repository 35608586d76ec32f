package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SYNC_FLUSH: what the broker acked survives a SIGKILL of its process. */
class BrokerCrashTest {
  private static final int ACKED = 200;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .topic("crash", TopicType.NORMAL, 2)
              .consumerGroup("crash-group", 3));

  @Test
  void everyAckedMessageIsConsumedAfterKillAndRestart() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    Set<String> acked = new HashSet<>();
    try (Producer producer = Clients.producer(mq, "crash")) {
      for (int i = 0; i < ACKED; i++) {
        producer.send(Clients.message("crash", "m-" + i));
        acked.add("m-" + i);
      }
    }

    mq.killBroker();
    assertThat(mq.isBrokerRunning()).isFalse();
    mq.restartBroker();

    List<String> consumed;
    try (SimpleConsumer consumer = Clients.simpleConsumer(mq, "crash-group", "crash")) {
      consumed = Clients.drain(consumer, ACKED, Duration.ofSeconds(120));
    }
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(consumed);
    System.out.printf(
        "BrokerCrashTest: sent=%d acked=%d consumed after kill -9=%d lost=%d%n",
        ACKED, acked.size(), consumed.size(), lost.size());
    assertThat(lost).isEmpty();
  }
}
