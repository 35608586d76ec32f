package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.Steadfast;
import io.steadfast.codec.JsonCodec;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.faults.OrderEvent;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testing.Ledger;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.TopicType;
import io.steadfast.testkit.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_MASTER + SLAVE with inSyncReplicas=2, no broker plugin, the slave stopped: what the classic
 * remoting client's send() returns (recorded in docs/rocketmq-behaviour.md), that Steadfast reports
 * it as MAYBE_STORED and retries it under the same id, and that a consumer applies each message
 * once although the master stored several copies.
 */
class RemotingSlaveOutageTest {
  private static final String TOPIC = "remoting-replicated";
  private static final String GROUP = "remoting-replicated-billing";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .topology(Topology.SYNC_MASTER_SLAVE)
              .topic(TOPIC, TopicType.NORMAL, 2)
              .consumerGroup(GROUP, 5));

  @Test
  void slaveOutageIsMaybeStoredRetriedAndAppliedOnce() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client = ClientSettings.nameServer(mq.nameServerAddress()).build();
    Ledger ledger = new Ledger();
    CountingMetrics metrics = new CountingMetrics();
    DefaultMQProducer raw = rawProducer(mq);
    try (ReliableSender twoAttempts = sender(client, new RetryPolicy(2, ms(100), ms(100), s(30)));
        ReliableSender patient = sender(client, new RetryPolicy(30, ms(500), s(2), s(120)))) {
      // The slave up: SEND_OK.
      assertThat(raw.send(message("raw-before")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
      ledger.sent.add("raw-before");
      ledger.acked.add("raw-before");

      mq.stopSlave();
      long start = System.nanoTime();
      SendResult slaveDown = raw.send(message("raw-slave-down"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf(
          "RemotingSlaveOutageTest: slave down -> send() returned %s after %d ms (no exception);"
              + " stored on master: %d%n",
          slaveDown, millis, mq.messageCount(TOPIC));
      // The master stored it, waited slaveTimeout (3 s), answered FLUSH_SLAVE_TIMEOUT: a result,
      // not an exception. Not an ack for Steadfast.
      assertThat(slaveDown.getSendStatus()).isEqualTo(SendStatus.FLUSH_SLAVE_TIMEOUT);
      assertThat(mq.messageCount(TOPIC)).isEqualTo(2);
      ledger.sent.add("raw-slave-down");

      // Steadfast: both attempts answered FLUSH_SLAVE_TIMEOUT, both copies stored.
      OutgoingMessage unacked = order("steadfast-slave-down");
      ledger.sent.add("steadfast-slave-down");
      SendFailedException failure =
          catchThrowableOfType(SendFailedException.class, () -> twoAttempts.send(unacked));
      System.out.println("RemotingSlaveOutageTest: Steadfast reported " + failure.getMessage());
      assertThat(failure.outcome()).isEqualTo(Outcome.MAYBE_STORED);
      assertThat(failure.attempts()).isEqualTo(2);
      assertThat(failure.steadfastId()).isEqualTo(unacked.steadfastId());
      assertThat(mq.messageCount(TOPIC)).isEqualTo(4);

      // A send that keeps retrying is acked once the slave is back.
      ledger.sent.add("retried-until-slave-back");
      CompletableFuture<SendAck> retrying = patient.sendAsync(order("retried-until-slave-back"));
      await().atMost(s(30)).until(() -> mq.messageCount(TOPIC) >= 5);
      assertThat(retrying).isNotDone();
      mq.startSlave();
      SendAck ack = retrying.get(120, TimeUnit.SECONDS);
      ledger.acked.add("retried-until-slave-back");
      System.out.println("RemotingSlaveOutageTest: acked after the slave came back: " + ack);
      assertThat(ack.attempts()).isGreaterThan(1);

      // The caller resends the MAYBE_STORED message with its id: acked now.
      patient.send(unacked);
      ledger.acked.add("steadfast-slave-down");
    } finally {
      raw.shutdown();
    }
    long stored = mq.messageCount(TOPIC);

    try (RunningConsumer consumer =
        Steadfast.consumer(
            Definitions.single(
                GROUP, TOPIC, OrderEvent.class, (e, ctx, tx) -> ledger.effect(e.orderId())),
            ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                .maxDeliveryAttempts(5)
                .metrics(metrics)
                .build())) {
      await().atMost(s(90)).until(() -> ledger.processedKeys() == ledger.sent.size());
      // Every other copy is acked as a duplicate; one that met its twin still PROCESSING comes
      // back from the retry topic after the first delay level (1 s in the testkit).
      await()
          .atMost(s(90))
          .until(() -> metrics.duplicatesSuppressedCount() == stored - ledger.sent.size());
    }
    ledger.print("RemotingSlaveOutageTest", metrics);
    System.out.println("RemotingSlaveOutageTest: copies stored on the master: " + stored);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicateEffects()).isZero();
    assertThat(ledger.processedKeys()).isEqualTo(ledger.sent.size());
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(stored - ledger.sent.size());
  }

  private static ReliableSender sender(ClientSettings client, RetryPolicy policy) {
    return Steadfast.sender(SenderConfig.builder(client).retryPolicy(policy).build());
  }

  /** The plain client as an application without Steadfast would use it, retries off. */
  private static DefaultMQProducer rawProducer(EmbeddedRocketMQ mq) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer("remoting-outage-probe");
    producer.setNamesrvAddr(mq.nameServerAddress());
    producer.setInstanceName("remoting-outage-probe");
    producer.setSendMsgTimeout(10_000);
    producer.setRetryTimesWhenSendFailed(0);
    producer.setRetryAnotherBrokerWhenNotStoreOK(false);
    producer.start();
    return producer;
  }

  private static Message message(String key) {
    Message m =
        new Message(
            TOPIC,
            "created",
            key,
            ("{\"orderId\":\"" + key + "\",\"amount\":1}").getBytes(StandardCharsets.UTF_8));
    m.putUserProperty(MessageProperties.CONTENT_TYPE, JsonCodec.CONTENT_TYPE);
    return m;
  }

  private static OutgoingMessage order(String key) {
    return OutgoingMessage.builder(TOPIC)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
