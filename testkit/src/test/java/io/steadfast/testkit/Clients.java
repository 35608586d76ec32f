package io.steadfast.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

/** Plain rocketmq-client-java helpers shared by the testkit's tests. */
final class Clients {
  static final ClientServiceProvider PROVIDER = ClientServiceProvider.loadService();

  private Clients() {}

  static ClientConfiguration config(EmbeddedRocketMQ mq) {
    return ClientConfiguration.newBuilder()
        .setEndpoints(mq.endpoint())
        .enableSsl(false)
        .setRequestTimeout(Duration.ofSeconds(10))
        .build();
  }

  static Producer producer(EmbeddedRocketMQ mq, String topic) throws ClientException {
    return PROVIDER
        .newProducerBuilder()
        .setClientConfiguration(config(mq))
        .setTopics(topic)
        .setMaxAttempts(1)
        .build();
  }

  static SimpleConsumer simpleConsumer(EmbeddedRocketMQ mq, String group, String topic)
      throws ClientException {
    return PROVIDER
        .newSimpleConsumerBuilder()
        .setClientConfiguration(config(mq))
        .setConsumerGroup(group)
        .setAwaitDuration(Duration.ofSeconds(2))
        .setSubscriptionExpressions(Collections.singletonMap(topic, FilterExpression.SUB_ALL))
        .build();
  }

  static Message message(String topic, String body) {
    return PROVIDER
        .newMessageBuilder()
        .setTopic(topic)
        .setKeys(body)
        .setBody(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  static String body(MessageView view) {
    return StandardCharsets.UTF_8.decode(view.getBody().duplicate()).toString();
  }

  /** Receives and acks until {@code expected} bodies arrived or {@code timeout} passed. */
  static List<String> drain(SimpleConsumer consumer, int expected, Duration timeout)
      throws ClientException {
    List<String> bodies = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bodies.size() < expected && System.nanoTime() < deadline) {
      for (MessageView view : consumer.receive(32, Duration.ofSeconds(15))) {
        bodies.add(body(view));
        consumer.ack(view);
      }
    }
    return bodies;
  }
}
