package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EmbeddedRocketMQ#awaitDrained}: returns once a POP consumer acked everything, else says
 * what is left. Each test has its topic {@code T} and group {@code T-group}.
 */
class AwaitDrainedTest {
  private static final Duration SHORT = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofSeconds(30);

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic("drain-acked", TopicType.NORMAL, 2)
              .topic("drain-unacked", TopicType.NORMAL, 2)
              .topic("drain-retried", TopicType.NORMAL, 1)
              .consumerGroup("drain-acked-group", 3)
              .consumerGroup("drain-unacked-group", 3)
              .consumerGroup("drain-retried-group", 3));

  @Test
  void returnsOnceAConsumerAckedEverythingAndNotBeforeItReceived() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "drain-acked")) {
      send(producer, "drain-acked", 10);
      assertThatThrownBy(() -> mq.awaitDrained("drain-acked-group", "drain-acked", SHORT))
          .isInstanceOf(AssertionError.class)
          .hasMessage(
              "consumer group drain-acked-group has not drained topic drain-acked within 3000 ms:"
                  + " 10 messages never received, 0 received and not acked, 0 waiting for"
                  + " redelivery");
      try (SimpleConsumer consumer = consumer(mq, "drain-acked")) {
        assertThat(Clients.drain(consumer, 10, Duration.ofSeconds(60))).hasSize(10);
        mq.awaitDrained("drain-acked-group", "drain-acked", LONG);
      }
    }
  }

  @Test
  void receivedButUnackedMessagesAreNotDrained() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "drain-unacked");
        SimpleConsumer consumer = consumer(mq, "drain-unacked")) {
      send(producer, "drain-unacked", 4);
      List<MessageView> received = receive(consumer, 4, Duration.ofSeconds(60));

      assertLeft(mq, "drain-unacked", SHORT, 0, 4, 0);
      for (MessageView view : received) {
        consumer.ack(view);
      }
      mq.awaitDrained("drain-unacked-group", "drain-unacked", LONG);
    }
  }

  @Test
  void aMessageWaitingForRedeliveryIsNotDrained() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "drain-retried");
        SimpleConsumer consumer = consumer(mq, "drain-retried")) {
      send(producer, "drain-retried", 1);
      receive(consumer, 1, Duration.ofSeconds(1)); // not acked: back after 1 s, via the retry topic

      assertLeft(mq, "drain-retried", Duration.ofSeconds(10), 0, 0, 1);
      MessageView again = receive(consumer, 1, LONG).get(0);
      assertThat(again.getDeliveryAttempt()).isEqualTo(2);
      consumer.ack(again);
      mq.awaitDrained("drain-retried-group", "drain-retried", LONG);
    }
  }

  /** awaitDrained fails within {@code timeout}, counting what is left in each state. */
  private static void assertLeft(
      EmbeddedRocketMQ mq,
      String topic,
      Duration timeout,
      int undelivered,
      int unacked,
      int retrying) {
    assertThatThrownBy(() -> mq.awaitDrained(topic + "-group", topic, timeout))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            String.format(
                ": %d messages never received, %d received and not acked, %d waiting for"
                    + " redelivery",
                undelivered, unacked, retrying));
  }

  private static SimpleConsumer consumer(EmbeddedRocketMQ mq, String topic) throws Exception {
    return Clients.simpleConsumer(mq, topic + "-group", topic);
  }

  private static void send(Producer producer, String topic, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      producer.send(Clients.message(topic, topic + "-" + i));
    }
  }

  /** Receives {@code count} messages without acking them, each invisible for {@code invisible}. */
  private static List<MessageView> receive(SimpleConsumer consumer, int count, Duration invisible)
      throws Exception {
    List<MessageView> views = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (views.size() < count && System.nanoTime() < deadline) {
      views.addAll(consumer.receive(count - views.size(), invisible));
    }
    assertThat(views).hasSize(count);
    return views;
  }
}
