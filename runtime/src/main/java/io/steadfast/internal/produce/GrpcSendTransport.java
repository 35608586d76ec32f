package io.steadfast.internal.produce;

import io.steadfast.MessageProperties;
import io.steadfast.codec.EncodedPayload;
import io.steadfast.config.ClientSettings;
import io.steadfast.internal.ClientClose;
import io.steadfast.internal.GrpcClientConfigurations;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.SenderConfig;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * {@link SendTransport} over a rocketmq-client-java {@link Producer} (gRPC proxy). The client's own
 * retries are off ({@code maxAttempts=1}): they re-send after persistence timeouts under a new
 * message id, so the sender retries itself. Failures are read by {@link SendFailureClassifier}.
 */
final class GrpcSendTransport implements SendTransport {
  private final Producer producer;
  private final ClientSettings client;
  private final ClientServiceProvider provider = ClientServiceProvider.loadService();

  /** Over a producer the caller built (it must have {@code maxAttempts=1}). */
  GrpcSendTransport(Producer producer, ClientSettings client) {
    this.producer = producer;
    this.client = client;
  }

  /**
   * @throws IllegalStateException if the client cannot start (bad endpoint, credentials)
   */
  static GrpcSendTransport start(SenderConfig config) {
    try {
      Producer producer =
          ClientServiceProvider.loadService()
              .newProducerBuilder()
              .setClientConfiguration(config.client().toClientConfiguration())
              .setTopics(config.topics().toArray(String[]::new))
              .setMaxAttempts(1)
              .build();
      return new GrpcSendTransport(producer, config.client());
    } catch (ClientException | RuntimeException e) {
      // A refused route lookup at start escapes as the client's IllegalStateException.
      throw GrpcClientConfigurations.cannotStart("producer", config.client(), e);
    }
  }

  @Override
  public Supplier<CompletableFuture<String>> prepare(OutgoingMessage m, EncodedPayload payload) {
    MessageBuilder b =
        provider
            .newMessageBuilder()
            .setTopic(m.topic())
            .setBody(payload.body())
            .addProperty(MessageProperties.STEADFAST_ID, m.steadfastId())
            .addProperty(MessageProperties.CONTENT_TYPE, payload.contentType());
    if (m.tag() != null) {
      b.setTag(m.tag());
    }
    if (!m.keys().isEmpty()) {
      b.setKeys(m.keys().toArray(String[]::new));
    }
    if (m.messageGroup() != null) {
      b.setMessageGroup(m.messageGroup());
    }
    if (m.deliveryDelay() != null) {
      b.setDeliveryTimestamp(System.currentTimeMillis() + m.deliveryDelay().toMillis());
    }
    Message message = b.build();
    return () ->
        producer.sendAsync(message).thenApply(receipt -> receipt.getMessageId().toString());
  }

  @Override
  public SendClassification classify(Throwable failure) {
    return SendFailureClassifier.classify(failure);
  }

  @Override
  public void close() {
    // The client can wait forever in close() after broken connections: bounded.
    ClientClose.within(producer, client.requestTimeout().plusSeconds(5), "producer");
  }
}
