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
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * docs/benchmarks.md; arguments: messages per line (default 5000), rounds (default 4; round 1 is
 * warm-up).
 */
public final class EndToEndBenchmark {
  private static final byte[] BODY = new byte[1024];
  private static final ClientServiceProvider CLIENT = ClientServiceProvider.loadService();

  private static final List<String> LINES =
      List.of("send plain", "send steadfast", "consume plain", "consume memory", "consume h2", "consume redis");
  private static final Map<String, String> LABELS =
      Map.of(
          "send plain", "async send, plain client",
          "send steadfast", "async send, Steadfast sender",
          "consume plain", "SimpleConsumer, plain receive+ack",
          "consume memory", "Steadfast batch, in-memory store",
          "consume h2", "Steadfast batch, H2 store",
          "consume redis", "Steadfast batch, Redis store");

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    List<String> consumers = List.of("plain", "memory", "h2", "redis");
    EmbeddedRocketMQ.Builder spec = EmbeddedRocketMQ.builder();
    for (int round = 1; round <= rounds; round++) {
      spec.topic("send-plain-" + round, TopicType.NORMAL, 4).topic("send-steadfast-" + round, TopicType.NORMAL, 4);
      for (String s : consumers) {
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
      Map<String, List<Double>> samples = new LinkedHashMap<>();
      // Round 1 warms up the JIT, routes and connections and is left out of the medians. The
      // order of the lines rotates from round to round, so no line always runs first or last.
      for (int round = 1; round <= rounds; round++) {
        String r = "-" + round;
        System.out.printf("round %d, %d messages of 1 KiB per line%n", round, n);
        Map<String, Double> measured = new LinkedHashMap<>();
        for (String s : rotate(List.of("plain", "steadfast"), round)) {
          measured.put("send " + s, Throughput.of(n, () -> {
            if (s.equals("plain")) {
              sendPlain(producer, "send-plain" + r, n);
            } else {
              sendSteadfast(sender, "send-steadfast" + r, n);
            }
          }));
        }
        for (String s : consumers) {
          sendPlain(producer, "consume-" + s + r, n);
        }
        for (String s : rotate(consumers, round)) {
          String group = "g-" + s + r;
          String topic = "consume-" + s + r;
          if (s.equals("plain")) {
            measured.put("consume plain", Throughput.of(n, () -> consumePlain(config, group, topic, n)));
            continue;
          }
          try (IdempotencyStore store = stores.get(s).get()) {
            StoreLatency latency = new StoreLatency();
            measured.put(
                "consume " + s,
                Throughput.of(n, () -> consumeSteadfast(settings, store, latency, group, topic, n)));
            System.out.println("    " + s + " store latency: " + latency);
          }
        }
        report(measured, Map.of());
        if (round > 1) {
          measured.forEach((line, rate) -> samples.computeIfAbsent(line, l -> new ArrayList<>()).add(rate));
        }
      }
      Map<String, Double> medians = new LinkedHashMap<>();
      samples.forEach((line, rates) -> medians.put(line, median(rates)));
      System.out.printf("median of rounds 2-%d (then each round's msg/s)%n", rounds);
      report(medians, samples);
      sender.close();
      producer.close();
    }
  }

  private static <T> List<T> rotate(List<T> list, int distance) {
    List<T> rotated = new ArrayList<>(list);
    Collections.rotate(rotated, distance);
    return rotated;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  /** One table row per line, as % of the plain line of its kind (send or consume). */
  private static void report(Map<String, Double> rates, Map<String, List<Double>> samples) {
    for (String line : LINES) {
      Double rate = rates.get(line);
      if (rate == null) {
        continue;
      }
      double plain = rates.get(line.startsWith("send") ? "send plain" : "consume plain");
      String each = samples.containsKey(line)
          ? samples.get(line).stream().map(v -> String.format("%.0f", v)).toList().toString()
          : "";
      System.out.printf(
          "| %-34s | %8.0f msg/s | %5.0f%% | %s%n", LABELS.get(line), rate, 100 * rate / plain, each);
    }
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

  /** Two receive loops of 32 messages, acking each, until {@code n} are received. */
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
                // Acks are not awaited, as in the Steadfast engine: the next receive overlaps.
                for (MessageView v : views) {
                  consumer.ackAsync(v);
                }
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
