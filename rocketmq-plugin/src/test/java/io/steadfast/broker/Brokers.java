package io.steadfast.broker;

import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/** Embedded clusters with this module's plugin on the brokers' classpath, and client helpers. */
final class Brokers {
  /** A literal: loading the class here would need the broker jars in the test JVM. */
  static final String PLUGIN = "io.steadfast.broker.SteadfastMessageStore";

  static final ClientServiceProvider CLIENTS = ClientServiceProvider.loadService();

  private Brokers() {}

  /** A single broker configured to pass every rule (it never gets a slave). */
  static EmbeddedRocketMQ.Builder compliantSingle() {
    return withPlugin(EmbeddedRocketMQ.builder())
        .flushDiskType(FlushDiskType.SYNC_FLUSH)
        .brokerProperty("brokerRole", "SYNC_MASTER")
        .brokerProperty("inSyncReplicas", "2")
        .brokerProperty("totalReplicas", "2");
  }

  /** A SYNC_MASTER + SLAVE pair with synchronous flush, as the rules want it. */
  static EmbeddedRocketMQ.Builder syncPair() {
    return EmbeddedRocketMQ.builder()
        .flushDiskType(FlushDiskType.SYNC_FLUSH)
        .topology(Topology.SYNC_MASTER_SLAVE);
  }

  static EmbeddedRocketMQ.Builder withPlugin(EmbeddedRocketMQ.Builder builder) {
    return builder.brokerPluginFromClasspath(PLUGIN);
  }

  /** Requests wait longer than the broker's 3 s replication wait, so its answer arrives. */
  static ClientConfiguration clientConfig(EmbeddedRocketMQ mq) {
    return ClientConfiguration.newBuilder()
        .setEndpoints(mq.endpoint())
        .enableSsl(false)
        .setRequestTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** A producer that retries a failed send, as the client does by default (3 attempts). */
  static Producer producer(EmbeddedRocketMQ mq, String topic) throws ClientException {
    return producer(mq, topic, 3);
  }

  static Producer producer(EmbeddedRocketMQ mq, String topic, int maxAttempts)
      throws ClientException {
    return CLIENTS
        .newProducerBuilder()
        .setClientConfiguration(clientConfig(mq))
        .setTopics(topic)
        .setMaxAttempts(maxAttempts)
        .build();
  }

  /** A producer that can send in transactions; {@code checker} answers the broker's check-backs. */
  static Producer transactionalProducer(
      EmbeddedRocketMQ mq, String topic, TransactionChecker checker) throws ClientException {
    return CLIENTS
        .newProducerBuilder()
        .setClientConfiguration(clientConfig(mq))
        .setTopics(topic)
        .setTransactionChecker(checker)
        .build();
  }

  /**
   * A started classic remoting producer (routes from the NameServer, straight to the broker): it
   * can send delay-level messages, which the gRPC client cannot. Shut it down after use.
   */
  static DefaultMQProducer classicProducer(EmbeddedRocketMQ mq, String group)
      throws MQClientException {
    DefaultMQProducer producer = new DefaultMQProducer(group);
    producer.setNamesrvAddr(mq.nameServerAddress());
    producer.setSendMsgTimeout((int) Duration.ofSeconds(10).toMillis());
    producer.start();
    return producer;
  }

  static Message message(String topic, String body) {
    return CLIENTS
        .newMessageBuilder()
        .setTopic(topic)
        .setKeys(body)
        .setBody(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** A timer message: the broker stores it at once and delivers it at {@code due}. */
  static Message timerMessage(String topic, String body, Instant due) {
    return CLIENTS
        .newMessageBuilder()
        .setTopic(topic)
        .setKeys(body)
        .setBody(body.getBytes(StandardCharsets.UTF_8))
        .setDeliveryTimestamp(due.toEpochMilli())
        .build();
  }

  static SimpleConsumer consumer(EmbeddedRocketMQ mq, String group, String topic)
      throws ClientException {
    return CLIENTS
        .newSimpleConsumerBuilder()
        .setClientConfiguration(clientConfig(mq))
        .setConsumerGroup(group)
        .setAwaitDuration(Duration.ofSeconds(2))
        .setSubscriptionExpressions(Collections.singletonMap(topic, FilterExpression.SUB_ALL))
        .build();
  }

  /**
   * Receives and acks every body of a one-queue topic up to and including {@code last}: a body
   * stored before it in the queue is certainly among the result.
   */
  static List<String> readUpTo(SimpleConsumer consumer, String last) throws ClientException {
    List<String> bodies = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!bodies.contains(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("\"" + last + "\" not received within 90 s; got " + bodies);
      }
      bodies.addAll(receiveOnce(consumer));
    }
    return bodies;
  }

  /**
   * Like {@link #readUpTo}, then one more long poll, so that copies stored right after {@code last}
   * are counted too.
   */
  static List<String> readUpToAndLateCopies(SimpleConsumer consumer, String last)
      throws ClientException {
    List<String> bodies = readUpTo(consumer, last);
    bodies.addAll(receiveOnce(consumer));
    return bodies;
  }

  private static List<String> receiveOnce(SimpleConsumer consumer) throws ClientException {
    List<String> bodies = new ArrayList<>();
    for (MessageView view : consumer.receive(32, Duration.ofSeconds(30))) {
      bodies.add(body(view));
      consumer.ack(view);
    }
    return bodies;
  }

  static String body(MessageView view) {
    return StandardCharsets.UTF_8.decode(view.getBody().duplicate()).toString();
  }

  static String brokerLog(EmbeddedRocketMQ mq) {
    try {
      return Files.exists(mq.brokerLog()) ? Files.readString(mq.brokerLog()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
