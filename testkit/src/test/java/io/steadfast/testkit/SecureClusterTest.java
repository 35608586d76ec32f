package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A SYNC_MASTER_SLAVE pair with authentication required and TLS enforced: the slave, talking to the
 * master and the NameServer as the servers' inner user over TLS, replicates every acked write
 * ({@code inSyncReplicas=2}), and comes back in sync after a restart.
 */
class SecureClusterTest {
  private static final String TOPIC = "secure";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topology(Topology.SYNC_MASTER_SLAVE)
              .authentication("tester", "tester-secret")
              .tls()
              .topic(TOPIC, TopicType.NORMAL, 2));

  @Test
  void replicatedWritesAreAckedWithCredentialsOverTlsAcrossASlaveRestart() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    assertThat(mq.tlsCertificate().certificate()).exists();
    ClientConfiguration config =
        ClientConfiguration.newBuilder()
            .setEndpoints(mq.endpoint())
            .enableSsl(true)
            .setCredentialProvider(new StaticSessionCredentialsProvider("tester", "tester-secret"))
            .setRequestTimeout(Duration.ofSeconds(10))
            .build();
    try (Producer producer =
        Clients.PROVIDER
            .newProducerBuilder()
            .setClientConfiguration(config)
            .setTopics(TOPIC)
            .setMaxAttempts(1)
            .build()) {
      for (int i = 0; i < 3; i++) {
        producer.send(Clients.message(TOPIC, "before-" + i));
      }
      mq.stopSlave();
      mq.startSlave(); // returns once the slave is in sync again
      for (int i = 0; i < 3; i++) {
        producer.send(Clients.message(TOPIC, "after-" + i));
      }
    }
    assertThat(mq.messageCount(TOPIC)).isEqualTo(6);
  }
}
