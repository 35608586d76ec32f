package io.steadfast.samples.demo;

import io.steadfast.config.ClientSettings;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.unsafe.UnsafeBilling;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * Places orders with the plain rocketmq-client-java producer, as commonly used: its own 3 attempts,
 * then the caller gets the error. The unsafe contrast run's producer.
 */
final class PlainOrderSender implements OrderSender {
  private final ClientServiceProvider provider = ClientServiceProvider.loadService();
  private final Producer producer;

  PlainOrderSender(ClientSettings client) throws ClientException {
    this.producer =
        provider
            .newProducerBuilder()
            .setClientConfiguration(client.toClientConfiguration())
            .setTopics(BillingNode.UNSAFE_TOPIC)
            .build();
  }

  @Override
  public CompletableFuture<?> send(OrderCreated order) {
    return producer.sendAsync(
        provider
            .newMessageBuilder()
            .setTopic(BillingNode.UNSAFE_TOPIC)
            .setTag("created")
            .setKeys(order.orderId())
            .setBody(UnsafeBilling.encode(order))
            .build());
  }

  @Override
  public void close() throws Exception {
    producer.close();
  }
}
