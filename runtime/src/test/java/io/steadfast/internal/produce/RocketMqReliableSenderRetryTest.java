package io.steadfast.internal.produce;

import static io.steadfast.internal.produce.SenderFixtures.CLIENT;
import static io.steadfast.internal.produce.SenderFixtures.config;
import static io.steadfast.internal.produce.SenderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.config.ClientSettings;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.apache.rocketmq.shaded.io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The sender's own retry loop, driven through scripted client failures. */
class RocketMqReliableSenderRetryTest {
  @Test
  void retriesKeepTheSameIdAndKeysUntilAcked() {
    ScriptedProducer producer =
        new ScriptedProducer()
            .thenFail(new ProxyTimeoutException(50401, "r", "flush timeout"))
            .thenFail(Status.DEADLINE_EXCEEDED.asRuntimeException());
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(5, 8))) {
      SendAck receipt = sender.send(order("o-1"));

      assertThat(receipt.attempts()).isEqualTo(3);
      assertThat(receipt.messageId()).isEqualTo("MSG-3");
      assertThat(producer.sent).hasSize(3);
      for (Message m : producer.sent) {
        assertThat(m.getProperties())
            .containsEntry(MessageProperties.STEADFAST_ID, receipt.steadfastId());
        assertThat(m.getProperties())
            .containsEntry(MessageProperties.CONTENT_TYPE, "text/plain;charset=utf-8");
        assertThat(m.getKeys()).containsExactly("o-1");
        assertThat(m.getTag()).contains("created");
      }
    }
  }

  @Test
  void exhaustedRetriesReportMaybeStoredIfAnyAttemptMayHaveStored() {
    ScriptedProducer producer =
        new ScriptedProducer()
            .thenFail(new ProxyTimeoutException(50402, "r", "slave timeout"))
            .thenFail(new TooManyRequestsException(42900, "r", "busy"));
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(2, 8))) {
      OutgoingMessage message = order("o-2");

      assertThatThrownBy(() -> sender.send(message))
          .isInstanceOfSatisfying(
              SendFailedException.class,
              e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.MAYBE_STORED);
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.steadfastId()).isEqualTo(message.steadfastId());
              });
    }
  }

  @Test
  void onlyNotStoredFailuresReportNotStored() {
    ScriptedProducer producer =
        new ScriptedProducer()
            .thenFail(new TooManyRequestsException(42900, "r", "busy"))
            .thenFail(new TooManyRequestsException(42900, "r", "busy"));
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(2, 8))) {
      CompletableFuture<SendAck> future = sender.sendAsync(order("o-3"));

      assertThatThrownBy(future::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              SendFailedException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.NOT_STORED));
    }
  }

  @Test
  void permanentFailuresAreNotRetried() {
    ScriptedProducer producer =
        new ScriptedProducer().thenFail(new NotFoundException(40402, "r", "topic not found"));
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(5, 8))) {
      assertThatThrownBy(() -> sender.send(order("o-4")))
          .isInstanceOfSatisfying(
              SendFailedException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.PERMANENT));
      assertThat(producer.sent).hasSize(1);
    }
  }

  @Test
  void asyncSendsBlockWhenTheInFlightWindowIsFull() {
    CompletableFuture<SendReceipt> first = new CompletableFuture<>();
    ScriptedProducer producer = new ScriptedProducer().then(() -> first);
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config(1, 1))) {
      CompletableFuture<SendAck> f1 = sender.sendAsync(order("a"));
      CompletableFuture<CompletableFuture<SendAck>> second =
          CompletableFuture.supplyAsync(() -> sender.sendAsync(order("b")));

      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !second.isDone());
      assertThat(producer.sent).hasSize(1);

      first.complete(ScriptedProducer.ack(1).join());
      assertThat(f1.join().attempts()).isEqualTo(1);
      assertThat(second.join().join().attempts()).isEqualTo(1);
      assertThat(producer.sent).hasSize(2);
    }
  }

  @Test
  void closingFailsSendsThatNeverGotAnAnswer() {
    ScriptedProducer producer = new ScriptedProducer().then(CompletableFuture::new);
    SenderConfig config =
        SenderConfig.builder(CLIENT)
            .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(200)))
            .build();
    RocketMqReliableSender sender = RocketMqReliableSender.over(producer, config);
    CompletableFuture<SendAck> hanging = sender.sendAsync(order("c"));

    sender.close();

    assertThatThrownBy(hanging::join)
        .cause()
        .isInstanceOfSatisfying(
            SendFailedException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.MAYBE_STORED));
    assertThatThrownBy(() -> sender.send(order("d")))
        .isInstanceOfSatisfying(
            SendFailedException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.NOT_STORED));
  }

  @Test
  void warnsAboutTimeoutsShorterThanTheBrokers() {
    SenderConfig tooShort =
        SenderConfig.builder(
                ClientSettings.builder("x:1").requestTimeout(Duration.ofSeconds(3)).build())
            .build();

    assertThat(tooShort.requestTimeoutCoversBrokerTimeouts()).isFalse();
    assertThat(config(1, 1).requestTimeoutCoversBrokerTimeouts()).isTrue();
  }
}
