package io.steadfast.samples.demo;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SenderConfig;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.orders.OrderEvents;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Places orders through the generated {@link OrderEvents} producer: keyed by order id, retried
 * until acked.
 */
final class SteadfastOrderSender implements OrderSender {
  private final ReliableSender sender;
  private final OrderEvents events;

  SteadfastOrderSender(ClientSettings client, int maxInFlight, SteadfastMetrics metrics) {
    this.sender =
        Steadfast.sender(
            SenderConfig.builder(client)
                .topics(OrderEvents.TOPIC)
                .retryPolicy(
                    new RetryPolicy(
                        20, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60)))
                .maxInFlight(maxInFlight)
                .metrics(metrics)
                .build());
    this.events = Steadfast.producer(OrderEvents.class, sender);
  }

  @Override
  public CompletableFuture<?> send(OrderCreated order) {
    return events.created(order.orderId(), order);
  }

  @Override
  public void close() {
    sender.close();
  }
}
