package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PushConsumer acks, redeliveries and the dead-letter queue through the embedded cluster. */
class PushConsumerTest {
  private static final int MAX_ATTEMPTS = 3;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic("push-ok", TopicType.NORMAL, 2)
              .topic("push-failing", TopicType.NORMAL, 2)
              .consumerGroup("push-ok-group", MAX_ATTEMPTS)
              .consumerGroup("push-failing-group", MAX_ATTEMPTS));

  @Test
  void successAcksEachMessageOnce() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    try (Producer producer = Clients.producer(mq, "push-ok");
        PushConsumer consumer =
            pushConsumer(
                mq,
                "push-ok-group",
                "push-ok",
                view -> {
                  deliveries.merge(Clients.body(view), 1, Integer::sum);
                  return ConsumeResult.SUCCESS;
                })) {
      for (int i = 0; i < 20; i++) {
        producer.send(Clients.message("push-ok", "ok-" + i));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() == 20);
    }
    assertThat(deliveries.values()).allMatch(count -> count == 1);
  }

  @Test
  void failureIsRedeliveredUntilMaxAttemptsThenDeadLettered() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    try (Producer producer = Clients.producer(mq, "push-failing");
        PushConsumer consumer =
            pushConsumer(
                mq,
                "push-failing-group",
                "push-failing",
                view -> {
                  attempts.add(view.getDeliveryAttempt());
                  return ConsumeResult.FAILURE;
                })) {
      producer.send(Clients.message("push-failing", "poison"));
      await().atMost(Duration.ofSeconds(90)).until(() -> attempts.size() >= MAX_ATTEMPTS);
      // The consumer forwards the message to the DLQ after the last failed attempt; it must stay
      // open until the forward is done.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> mq.messageCount("%DLQ%push-failing-group") == 1);
    }
    assertThat(attempts).containsExactly(1, 2, 3);
  }

  private static PushConsumer pushConsumer(
      EmbeddedRocketMQ mq,
      String group,
      String topic,
      java.util.function.Function<MessageView, ConsumeResult> listener)
      throws Exception {
    return Clients.PROVIDER
        .newPushConsumerBuilder()
        .setClientConfiguration(Clients.config(mq))
        .setConsumerGroup(group)
        .setSubscriptionExpressions(Collections.singletonMap(topic, FilterExpression.SUB_ALL))
        .setMessageListener(listener::apply)
        .build();
  }
}
