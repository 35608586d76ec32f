package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_MASTER + SLAVE with inSyncReplicas=2: what rocketmq-client-java sees while the slave is
 * down. docs/rocketmq-behaviour.md records the result; later layers classify it.
 */
class MasterSlaveTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .topology(Topology.SYNC_MASTER_SLAVE)
              .topic("replicated", TopicType.NORMAL, 2));

  @Test
  void slaveOutageIsReportedAsPersistenceTimeoutAfterTheMasterStoredTheMessage() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "replicated")) {
      producer.send(Clients.message("replicated", "while-slave-up"));
      assertThat(mq.messageCount("replicated")).isEqualTo(1);

      mq.stopSlave();
      Throwable failure =
          catchThrowable(() -> producer.send(Clients.message("replicated", "slave-down")));
      System.out.printf(
          "MasterSlaveTest: slave down -> %s: %s; stored on master: %d%n",
          failure == null ? "no failure" : failure.getClass().getName(),
          failure == null ? "" : failure.getMessage(),
          mq.messageCount("replicated"));

      // The master stores the message, waits slaveTimeout (3 s) for the slave, then answers
      // FLUSH_SLAVE_TIMEOUT, which the proxy maps to SLAVE_PERSISTENCE_TIMEOUT (50402).
      assertThat(failure).isInstanceOf(ClientException.class);
      assertThat(failure.getMessage()).contains("response-code=50402");
      assertThat(mq.messageCount("replicated")).isEqualTo(2);

      mq.startSlave();
      producer.send(Clients.message("replicated", "slave-back"));
      assertThat(mq.messageCount("replicated")).isEqualTo(3);
    }
  }
}
