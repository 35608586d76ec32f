package io.steadfast.internal.remoting;

import io.steadfast.MessageProperties;
import io.steadfast.codec.EncodedPayload;
import io.steadfast.config.ClientSettings;
import io.steadfast.internal.ClientClose;
import io.steadfast.internal.produce.SendClassification;
import io.steadfast.internal.produce.SendTransport;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.SenderConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * {@link SendTransport} over the classic remoting client's {@link DefaultMQProducer}, straight to
 * the brokers. Only {@code SEND_OK} is an ack: {@code FLUSH_DISK_TIMEOUT}, {@code
 * FLUSH_SLAVE_TIMEOUT} and {@code SLAVE_NOT_AVAILABLE} mean the master stored the message without
 * the promised durability, and the sender retries under the same id. The client's own retries
 * ({@code retryTimesWhenSendFailed}, {@code retryTimesWhenSendAsyncFailed}, {@code
 * retryAnotherBrokerWhenNotStoreOK}) are off, so every retry is the sender's.
 *
 * <p>A message group (FIFO) picks one queue per group by hash, as the gRPC proxy does, and is also
 * set as the {@code __SHARDINGKEY} property gRPC consumers read.
 */
public final class RemotingSendTransport implements SendTransport {
  /** Producer group: matters only for transactional messages, which Steadfast does not send. */
  private static final String PRODUCER_GROUP = "steadfast-sender";

  private static final MessageQueueSelector BY_GROUP_HASH =
      (List<MessageQueue> queues, Message message, Object group) ->
          queues.get(Math.floorMod(group.hashCode(), queues.size()));

  private final DefaultMQProducer producer;
  private final ClientSettings client;

  private RemotingSendTransport(DefaultMQProducer producer, ClientSettings client) {
    this.producer = producer;
    this.client = client;
  }

  /**
   * Starts a producer for {@code config}.
   *
   * @throws IllegalStateException if the client cannot start
   */
  public static SendTransport start(SenderConfig config) {
    ClientSettings client = config.client();
    DefaultMQProducer producer =
        RemotingClients.configure(
            new DefaultMQProducer(PRODUCER_GROUP, RemotingClients.rpcHook(client)),
            client,
            "sender");
    producer.setSendMsgTimeout((int) client.requestTimeout().toMillis());
    producer.setRetryTimesWhenSendFailed(0);
    producer.setRetryTimesWhenSendAsyncFailed(0);
    producer.setRetryAnotherBrokerWhenNotStoreOK(false);
    try {
      producer.start();
    } catch (MQClientException e) {
      throw new IllegalStateException(
          "Cannot start the remoting producer for " + client + ": " + e.getErrorMessage(), e);
    }
    return new RemotingSendTransport(producer, client);
  }

  @Override
  public Supplier<CompletableFuture<String>> prepare(OutgoingMessage m, EncodedPayload payload) {
    byte[] body = payload.body();
    // A fresh client message per attempt: the client writes into the one it sends (its unique
    // id, a compressed body, the namespace).
    Supplier<Message> build =
        () -> {
          Message message = new Message(m.topic(), body);
          if (m.tag() != null) {
            message.setTags(m.tag());
          }
          if (!m.keys().isEmpty()) {
            message.setKeys(m.keys());
          }
          message.putUserProperty(MessageProperties.STEADFAST_ID, m.steadfastId());
          message.putUserProperty(MessageProperties.CONTENT_TYPE, payload.contentType());
          if (m.messageGroup() != null) {
            message.putUserProperty(MessageConst.PROPERTY_SHARDING_KEY, m.messageGroup());
          }
          if (m.deliveryDelay() != null) {
            message.setDeliverTimeMs(System.currentTimeMillis() + m.deliveryDelay().toMillis());
          }
          return message;
        };
    build.get(); // fails here, before any attempt, if the message cannot be built
    return () -> send(build.get(), m.messageGroup());
  }

  private CompletableFuture<String> send(Message message, String messageGroup) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    SendCallback callback =
        new SendCallback() {
          @Override
          public void onSuccess(SendResult result) {
            if (result.getSendStatus() == SendStatus.SEND_OK) {
              answer.complete(result.getMsgId());
            } else {
              answer.completeExceptionally(new SendStatusException(result));
            }
          }

          @Override
          public void onException(Throwable e) {
            answer.completeExceptionally(e);
          }
        };
    long timeout = client.requestTimeout().toMillis();
    try {
      if (messageGroup == null) {
        producer.send(message, callback, timeout);
      } else {
        producer.send(message, BY_GROUP_HASH, messageGroup, callback, timeout);
      }
    } catch (Exception e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }

  @Override
  public SendClassification classify(Throwable failure) {
    return RemotingSendFailureClassifier.classify(failure);
  }

  @Override
  public void close() {
    ClientClose.within(producer::shutdown, client.requestTimeout().plusSeconds(5), "producer");
  }
}
