package io.steadfast.security;

import static io.steadfast.security.AclTlsCluster.ACCESS_KEY;
import static io.steadfast.security.AclTlsCluster.SECRET;
import static io.steadfast.security.AclTlsCluster.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both transports against a cluster that requires authentication (RocketMQ 5.3.3 ACL 2.0) and
 * enforces TLS on every server: with the right credentials and {@code tls(true)}, every message is
 * acked on the first attempt and consumed once. The gRPC client trusts any certificate (it has no
 * trust setting); the remoting client here verifies the servers' certificate against the testkit's.
 */
class AclTlsTest {
  private static final String GRPC_TOPIC = "acltls-grpc";
  private static final String GRPC_GROUP = "acltls-grpc-reader";
  private static final String REMOTING_TOPIC = "acltls-remoting";
  private static final String REMOTING_GROUP = "acltls-remoting-reader";
  private static final int MESSAGES = 10;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          AclTlsCluster.builder()
              .topic(GRPC_TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GRPC_GROUP, 5)
              .topic(REMOTING_TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(REMOTING_GROUP, 5));

  @Test
  void grpcClientWithCredentialsOverTlsSendsAndConsumesEachOnce() {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client =
        ClientSettings.builder(mq.endpoint()).credentials(ACCESS_KEY, SECRET).tls(true).build();
    sendAndConsume(mq, client, GRPC_TOPIC, GRPC_GROUP);
  }

  @Test
  void remotingClientWithCredentialsOverVerifiedTlsSendsAndConsumesEachOnce() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client =
        ClientSettings.nameServer(mq.nameServerAddress())
            .credentials(ACCESS_KEY, SECRET)
            .tls(true)
            .build();
    try (AutoCloseable trust =
        AclTlsCluster.remotingClientTrusts(mq.tlsCertificate().certificate())) {
      sendAndConsume(mq, client, REMOTING_TOPIC, REMOTING_GROUP);
    }
  }

  /** Sends {@link #MESSAGES} orders and consumes them with the same settings. */
  private static void sendAndConsume(
      EmbeddedRocketMQ mq, ClientSettings client, String topic, String group) {
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    try (ReliableSender sender =
            Steadfast.sender(SenderConfig.builder(client).topics(topic).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Definitions.single(
                    group, topic, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
                ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                    .maxDeliveryAttempts(5)
                    .metrics(metrics)
                    .build())) {
      for (int i = 0; i < MESSAGES; i++) {
        String key = topic + "-" + i;
        ledger.sent.add(key);
        SendAck ack = sender.send(order(topic, key));
        assertThat(ack.attempts()).isEqualTo(1);
        ledger.acked.add(key);
      }
      await().atMost(Duration.ofSeconds(60)).until(ledger::allAckedHaveEffects);
    }
    // After close: the remoting client commits its offsets on shutdown.
    mq.awaitDrained(group, topic, Duration.ofSeconds(30));
    ledger.print("AclTlsTest " + topic, metrics);
    assertThat(mq.messageCount(topic)).isEqualTo(MESSAGES);
    assertThat(ledger.acked).hasSize(MESSAGES);
    assertThat(ledger.processedKeys()).isEqualTo(MESSAGES);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
  }
}
