package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master behind a link: the classic remoting client gets the link's address from the NameServer,
 * so its sends and pulls pass through the link, the link's faults reach them, and the link stays in
 * place across a broker restart, with the slave replicating off the link. The proxy's link works
 * beside it for gRPC clients, whose routes name both brokers.
 */
class BrokerBehindLinkTest {
  private static final String TOPIC = "remoting-linked";
  private static final String GROUP = "remoting-linked-reader";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topology(Topology.SYNC_MASTER_SLAVE)
              .brokerBehindLink()
              .proxyBehindLink()
              .topic(TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GROUP, 5));

  @Test
  void grpcClientsGoThroughTheProxyLinkBesideIt() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    long before = mq.proxyLink().stats().bytesToServer();
    long remotingBefore = mq.brokerLink().stats().bytesToServer();
    try (Producer producer = Clients.producer(mq, TOPIC)) {
      producer.send(Clients.message(TOPIC, "grpc"));
    }
    assertThat(mq.endpoint()).isEqualTo(mq.proxyLink().address());
    assertThat(mq.proxyLink().stats().bytesToServer()).isGreaterThan(before);
    assertThat(mq.brokerLink().stats().bytesToServer()).isEqualTo(remotingBefore);
  }

  @Test
  void remotingSendsAndPullsTravelThroughTheLinkAndItsFaultsReachThem() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    FaultyLink link = mq.brokerLink();
    assertThat(mq.brokerAddress()).isEqualTo(link.address()).startsWith("127.0.0.2:");
    Set<String> consumed = ConcurrentHashMap.newKeySet();
    DefaultMQProducer producer = new DefaultMQProducer("remoting-linked-producer");
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
    try {
      producer.setNamesrvAddr(mq.nameServerAddress());
      producer.setRetryTimesWhenSendFailed(0);
      producer.setSendMsgTimeout(3_000);
      producer.start();
      consumer.setNamesrvAddr(mq.nameServerAddress());
      consumer.subscribe(TOPIC, "*");
      consumer.registerMessageListener(
          (MessageListenerConcurrently)
              (messages, context) -> {
                messages.forEach(
                    m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
              });
      consumer.start();

      long before = link.stats().bytesToServer();
      assertThat(producer.send(message("through")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      assertThat(link.stats().bytesToServer()).isGreaterThan(before);
      await().atMost(Duration.ofSeconds(60)).until(() -> consumed.contains("through"));

      link.blackhole(); // a partition between the clients and the master
      long bytesToClient = link.stats().bytesToClient();
      assertThatThrownBy(() -> producer.send(message("partitioned")))
          .hasRootCauseInstanceOf(RemotingTimeoutException.class);
      assertThat(link.stats().bytesToClient()).isEqualTo(bytesToClient);
      link.heal(); // held bytes go on: the partitioned send arrives after all
      await().atMost(Duration.ofSeconds(60)).until(() -> consumed.contains("partitioned"));

      mq.killBroker();
      mq.restartBroker(); // same ports: the link still stands in front of the master
      assertThat(mq.brokerAddress()).isEqualTo(link.address());
      long connections = link.stats().connections();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> producer.send(message("restarted")).getSendStatus() == SendStatus.SEND_OK);
      assertThat(link.stats().connections()).isGreaterThan(connections);
      await().atMost(Duration.ofSeconds(60)).until(() -> consumed.contains("restarted"));
    } finally {
      consumer.shutdown();
      producer.shutdown();
    }
    assertThat(consumed).containsAll(List.of("through", "partitioned", "restarted"));
  }

  private static Message message(String body) {
    return new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8));
  }
}
