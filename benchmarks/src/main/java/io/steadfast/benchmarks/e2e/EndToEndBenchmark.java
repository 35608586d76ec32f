package io.steadfast.benchmarks.e2e;

import io.steadfast.Steadfast;
import io.steadfast.benchmarks.Throughput;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * End-to-end messages/s on the embedded cluster, plain rocketmq-client-java against Steadfast, in
 * one run: async send (512 in flight) and SimpleConsumer batch consumption of a backlog (plain
 * receive+ack against the engine with in-memory, H2 and Redis stores). Run by hand, see
 * docs/benchmarks.md; argument: messages per scenario (default 5000).
 */
public final class EndToEndBenchmark {
  private static final byte[] BODY = new byte[1024];
  private static final ClientServiceProvider CLIENT = ClientServiceProvider.loadService();

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = 2;
    List<String> scenarios = List.of("plain", "memory", "h2", "redis");
    EmbeddedRocketMQ.Builder spec = EmbeddedRocketMQ.builder();
    for (int round = 1; round <= rounds; round++) {
      spec.topic("send-plain-" + round, TopicType.NORMAL, 4).topic("send-steadfast-" + round, TopicType.NORMAL, 4);
      for (String s : scenarios) {
        spec.topic("consume-" + s + "-" + round, TopicType.NORMAL, 4).consumerGroup("g-" + s + "-" + round, 16);
      }
    }
    try (EmbeddedRocketMQ mq = spec.start();
        RedisServer redis = RedisServer.start()) {
      ClientSettings settings = ClientSettings.builder(mq.endpoint()).build();
      ClientConfiguration config = settings.toClientConfiguration();
      Producer producer = CLIENT.newProducerBuilder().setClientConfiguration(config).build();
      ReliableSender sender = Steadfast.sender(SenderConfig.builder(settings).maxInFlight(512).build());
      Map<String, Supplier<IdempotencyStore>> stores =
          Map.of(
              "memory", InMemoryIdempotencyStore::new,
              "h2", () -> MyBatisIdempotencyStore.h2InMemory("bench-" + UUID.randomUUID()),
              "redis",
              () ->
                  JedisIdempotencyStore.builder()
                      .standalone(redis.uri())
                      .keyPrefix("bench-" + UUID.randomUUID())
                      .build());
      // Round 1 warms up the JIT, routes and connections; both rounds are printed.
      for (int round = 1; round <= rounds; round++) {
        String r = "-" + round;
        System.out.printf("round %d, %d messages of 1 KiB per line%n", round, n);
        double plainSend = Throughput.of(n, () -> sendPlain(producer, "send-plain" + r, n));
        double steadfastSend = Throughput.of(n, () -> sendSteadfast(sender, "send-steadfast" + r, n));
        report("async send, plain client (512 in flight)", plainSend, plainSend);
        report("async send, Steadfast sender (512 in flight)", steadfastSend, plainSend);

        for (String s : scenarios) {
          sendPlain(producer, "consume-" + s + r, n);
        }
        double plain = Throughput.of(n, () -> consumePlain(config, "g-plain" + r, "consume-plain" + r, n));
        report("SimpleConsumer batch, plain receive+ack", plain, plain);
        for (String s : List.of("memory", "h2", "redis")) {
          try (IdempotencyStore store = stores.get(s).get()) {
            StoreLatency latency = new StoreLatency();
            double rate =
                Throughput.of(n, () -> consumeSteadfast(settings, store, latency, "g-" + s + r, "consume-" + s + r, n));
            report("SimpleConsumer batch, Steadfast + " + s + " store", rate, plain);
            System.out.println("    store latency: " + latency);
          }
        }
      }
      sender.close();
      producer.close();
    }
  }

  private static void report(String what, double rate, double baseline) {
    System.out.printf("| %-48s | %8.0f msg/s | %5.0f%% |%n", what, rate, 100 * rate / baseline);
  }

  private static void sendPlain(Producer producer, String topic, int n) throws Exception {
    Semaphore window = new Semaphore(512);
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.acquire();
      futures.add(
          producer
              .sendAsync(CLIENT.newMessageBuilder().setTopic(topic).setKeys("k" + i).setBody(BODY).build())
              .whenComplete((r, e) -> window.release()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  private static void sendSteadfast(ReliableSender sender, String topic, int n) {
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(sender.sendAsync(OutgoingMessage.builder(topic).key("k" + i).payload(BODY).build()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  /** Two receive loops of 32 messages, acking each, until {@code n} are consumed. */
  private static void consumePlain(ClientConfiguration config, String group, String topic, int n)
      throws Exception {
    AtomicInteger consumed = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    try (SimpleConsumer consumer =
        CLIENT
            .newSimpleConsumerBuilder()
            .setClientConfiguration(config)
            .setConsumerGroup(group)
            .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
            .setAwaitDuration(Duration.ofSeconds(1))
            .build()) {
      Runnable loop =
          () -> {
            while (!done.get()) {
              try {
                List<MessageView> views = consumer.receive(32, Duration.ofSeconds(30));
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (MessageView v : views) {
                  acks.add(consumer.ackAsync(v));
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
                if (consumed.addAndGet(views.size()) >= n) {
                  done.set(true);
                }
              } catch (Exception e) {
                // empty long poll or transient failure: poll again
              }
            }
          };
      CompletableFuture<?> a = CompletableFuture.runAsync(loop);
      CompletableFuture<?> b = CompletableFuture.runAsync(loop);
      CompletableFuture.allOf(a, b).join();
    }
  }

  private static void consumeSteadfast(
      ClientSettings settings,
      IdempotencyStore store,
      SteadfastMetrics metrics,
      String group,
      String topic,
      int n)
      throws Exception {
    AtomicInteger handled = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    HandlerBinding<byte[]> binding =
        new HandlerBinding<>(
            topic,
            "*",
            byte[].class,
            null,
            false,
            (body, ctx, tx) -> {
              if (handled.incrementAndGet() >= n) {
                all.complete(null);
              }
            });
    ConsumerDefinition definition = ConsumerDefinition.of(group, binding);
    try (RunningConsumer consumer =
        Steadfast.consumer(
            definition,
            ConsumerConfig.builder(settings, store)
                .mode(ConsumerConfig.Mode.BATCH)
                .threads(2)
                .batchSize(32)
                .awaitDuration(Duration.ofSeconds(1))
                .metrics(metrics)
                .build())) {
      all.get();
    }
  }
}
