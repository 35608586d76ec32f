package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.testing.Ledger;
import io.steadfast.testing.Transport;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One fault test's orders on one transport of a shared cluster: its topics and groups, its sender
 * and consumer settings, what it sent, what was acked and which effects the handlers caused, and
 * the exactly-once check every such test ends with.
 */
final class OrderFlow {
  final EmbeddedRocketMQ mq;
  final Transport transport;
  final Ledger ledger = new Ledger();
  final CountingMetrics metrics = new CountingMetrics();

  OrderFlow(EmbeddedRocketMQ mq, Transport transport) {
    this.mq = mq;
    this.transport = transport;
  }

  /**
   * Declares each topic of {@code bases} ({@code queues} queues) and its group ({@code maxAttempts}
   * delivery attempts) for every transport, as {@link #topic} and {@link #group} name them.
   */
  static EmbeddedRocketMQ.Builder declare(
      EmbeddedRocketMQ.Builder cluster, int queues, int maxAttempts, String... bases) {
    for (String base : bases) {
      for (Transport t : Transport.values()) {
        cluster.topic(t.name(base), TopicType.NORMAL, queues);
        cluster.consumerGroup(t.name(base) + "-g", maxAttempts);
      }
    }
    return cluster;
  }

  /** This transport's topic {@code base}. */
  String topic(String base) {
    return transport.name(base);
  }

  /** The group that consumes this transport's topic {@code base}. */
  String group(String base) {
    return transport.name(base) + "-g";
  }

  ClientSettings client() {
    return transport.settings(mq).requestTimeout(Duration.ofSeconds(10)).build();
  }

  ReliableSender sender() {
    return Steadfast.sender(SenderConfig.builder(client()).build());
  }

  /**
   * Consumer settings: {@code mode}, 5 attempts, invisible for 2 s, a lease of 10 s (1 min for the
   * remoting push consumer, its minimum), shutdown within 10 s, metrics counted here.
   */
  ConsumerConfig.Builder consumer(IdempotencyStore store, Mode mode) {
    return ConsumerConfig.builder(client(), store)
        .mode(mode)
        .metrics(metrics)
        .maxDeliveryAttempts(5)
        .invisibleDuration(Duration.ofSeconds(2))
        .lease(transport.lease(mode, Duration.ofSeconds(10)))
        .awaitDuration(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(10));
  }

  static OutgoingMessage order(String topic, String key) {
    return OutgoingMessage.builder(topic)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }

  /** Sends {@code n} orders, half sync and half async, and records sent and acked keys. */
  void send(ReliableSender sender, String topic, int n) {
    send(sender, topic, 0, n);
  }

  /** {@link #send(ReliableSender, String, int)} numbering the keys from {@code from}. */
  void send(ReliableSender sender, String topic, int from, int n) {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String key = topic + "-" + i;
      ledger.sent.add(key);
      if (i % 2 == 0) {
        sender.send(order(topic, key));
        ledger.acked.add(key);
      } else {
        futures.add(sender.sendAsync(order(topic, key)).thenRun(() -> ledger.acked.add(key)));
      }
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  void awaitAllProcessed() {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(ledger::allAckedHaveEffects);
  }

  /** Prints the ledger; every send acked, lost 0, duplicate effects 0. */
  void assertExactlyOnce(String test) {
    ledger.print(test + "/" + transport, metrics);
    assertThat(ledger.acked).hasSize(ledger.sent.size());
    assertThat(ledger.lost()).as("lost").isZero();
    assertThat(ledger.duplicateEffects()).as("duplicate effects").isZero();
  }
}
