package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producer to SimpleConsumer through the embedded cluster's proxy. */
class SimpleConsumerTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic("simple-acked", TopicType.NORMAL, 2)
              .topic("simple-unacked", TopicType.NORMAL, 2)
              .consumerGroup("simple-acked-group", 3)
              .consumerGroup("simple-unacked-group", 3));

  @Test
  void syncAndAsyncSendsAreReceivedAndAcked() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "simple-acked");
        SimpleConsumer consumer =
            Clients.simpleConsumer(mq, "simple-acked-group", "simple-acked")) {
      SendReceipt receipt = producer.send(Clients.message("simple-acked", "sync-1"));
      assertThat(receipt.getMessageId()).isNotNull();
      List<CompletableFuture<SendReceipt>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(producer.sendAsync(Clients.message("simple-acked", "async-" + i)));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();

      List<String> bodies = Clients.drain(consumer, 11, Duration.ofSeconds(60));

      assertThat(bodies)
          .hasSize(11)
          .contains("sync-1", "async-0", "async-9")
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void unackedMessageIsRedeliveredAfterTheInvisibleDurationWithAttemptTwo() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    try (Producer producer = Clients.producer(mq, "simple-unacked");
        SimpleConsumer consumer =
            Clients.simpleConsumer(mq, "simple-unacked-group", "simple-unacked")) {
      String id =
          producer.send(Clients.message("simple-unacked", "not-acked")).getMessageId().toString();

      MessageView first = receiveOne(consumer, Duration.ofSeconds(2));
      assertThat(first.getMessageId().toString()).isEqualTo(id);
      assertThat(first.getDeliveryAttempt()).isEqualTo(1);
      // No ack: the broker hands it out again once the invisible duration has passed.
      MessageView second = receiveOne(consumer, Duration.ofSeconds(30));
      consumer.ack(second);

      assertThat(second.getMessageId().toString()).isEqualTo(id);
      assertThat(second.getDeliveryAttempt()).isEqualTo(2);
    }
  }

  private static MessageView receiveOne(SimpleConsumer consumer, Duration invisible)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<MessageView> views = consumer.receive(1, invisible);
      if (!views.isEmpty()) {
        return views.get(0);
      }
    }
    throw new AssertionError("no message within 60 s");
  }
}
