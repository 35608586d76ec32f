package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A proxy behind a link: every client connection, routes included, passes through the link. */
class ProxyBehindLinkTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder().proxyBehindLink().topic("linked", TopicType.NORMAL, 2));

  @Test
  void sendsTravelThroughTheLinkAndItsFaultsReachThem() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    FaultyLink link = mq.proxyLink();
    assertThat(mq.endpoint()).isEqualTo(link.address());
    try (Producer producer =
        Clients.PROVIDER
            .newProducerBuilder()
            .setClientConfiguration(
                ClientConfiguration.newBuilder()
                    .setEndpoints(mq.endpoint())
                    .enableSsl(false)
                    .setRequestTimeout(Duration.ofSeconds(3))
                    .build())
            .setTopics("linked")
            .setMaxAttempts(1)
            .build()) {
      producer.send(Clients.message("linked", "warm-up"));
      long before = link.stats().bytesToServer();
      producer.send(Clients.message("linked", "counted"));
      assertThat(link.stats().bytesToServer()).isGreaterThan(before);

      link.dropReplies(); // the broker stores the message; its answer never comes
      assertThatThrownBy(() -> producer.send(Clients.message("linked", "unanswered"))).isNotNull();
      link.heal();
      producer.send(Clients.message("linked", "after-heal"));
    }
    assertThat(mq.messageCount("linked")).isEqualTo(4);
  }
}
