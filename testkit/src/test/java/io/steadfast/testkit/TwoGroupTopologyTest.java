package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TWO_GROUPS: a topic's queues are on broker-a and broker-b, the CLUSTER-mode proxy writes to both,
 * and with broker-a's master SIGKILLed broker-b keeps taking writes; after the restart every acked
 * message, from both groups, is consumed.
 */
class TwoGroupTopologyTest {
  private static final String TOPIC = "spread";
  private static final String GROUP = "spread-g";
  private static final int PER_PHASE = 20;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .topology(Topology.TWO_GROUPS)
              .topic(TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GROUP, 5));

  @Test
  void theOtherGroupKeepsServingWhileOneGroupsMasterIsDown() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    BrokerGroup a = mq.group("broker-a");
    BrokerGroup b = mq.group("broker-b");
    Set<String> acked = new HashSet<>();
    try (Producer producer = Clients.producer(mq, TOPIC)) {
      sendUntilAcked(producer, "both-", PER_PHASE, acked);
      long onA = a.messageCount(TOPIC);
      long onB = b.messageCount(TOPIC);
      System.out.printf("TwoGroupTopologyTest: both up: broker-a=%d broker-b=%d%n", onA, onB);
      assertThat(onA).isPositive();
      assertThat(onB).isPositive();
      assertThat(onA + onB).isEqualTo(PER_PHASE);

      a.killMaster();
      long killedAt = System.nanoTime();
      int failed = sendUntilAcked(producer, "a-down-", PER_PHASE, acked);
      System.out.printf(
          "TwoGroupTopologyTest: broker-a master down: %d acked, %d failed sends, in %d ms;"
              + " broker-b=%d%n",
          PER_PHASE, failed, (System.nanoTime() - killedAt) / 1_000_000, b.messageCount(TOPIC));
      // Every send acked while broker-a's master was dead was stored by broker-b.
      assertThat(b.messageCount(TOPIC)).isEqualTo(onB + PER_PHASE);

      a.restartMaster();
      assertThat(a.messageCount(TOPIC)).isEqualTo(onA);
    }

    Set<String> consumed;
    try (SimpleConsumer consumer = Clients.simpleConsumer(mq, GROUP, TOPIC)) {
      consumed = new HashSet<>(Clients.drain(consumer, acked.size(), Duration.ofSeconds(60)));
    }
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(consumed);
    assertThat(lost).as("acked but never consumed").isEmpty();
  }

  /**
   * Sends {@code prefix + i} until {@code count} of them were acked; returns how many sends failed
   * (each failed one is sent again under the next number).
   */
  private static int sendUntilAcked(Producer producer, String prefix, int count, Set<String> acked)
      throws InterruptedException {
    int failed = 0;
    int i = 0;
    for (int ok = 0; ok < count; i++) {
      String body = prefix + i;
      try {
        producer.send(Clients.message(TOPIC, body));
        acked.add(body);
        ok++;
      } catch (ClientException e) {
        if (failed == 0) {
          System.out.printf("TwoGroupTopologyTest: first failed send: %s%n", e);
        }
        failed++;
        assertThat(failed).as("failed sends; last: %s", e).isLessThan(200);
        Thread.sleep(100);
      }
    }
    return failed;
  }
}
