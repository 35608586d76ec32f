package io.steadfast.benchmarks.e2e;

import io.steadfast.Steadfast;
import io.steadfast.benchmarks.CorePinning;
import io.steadfast.benchmarks.CpuWindow;
import io.steadfast.benchmarks.CpuWindow.Sample;
import io.steadfast.benchmarks.Rounds;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * End-to-end messages/s on the embedded cluster, plain rocketmq-client-java against Steadfast, in
 * one run: async send (512 in flight), and consumption of a backlog by SimpleConsumer loops ({@code
 * batch}: plain receive+ack against the engine's BATCH mode) and by a PushConsumer ({@code push}:
 * plain listener against the engine's PUSH mode), each with the in-memory, H2 and Redis stores.
 * Consumption is timed from the consumer's start to its n-th message (closing is not timed); the
 * send lines send 4n messages. Each line also reports the CPU per message of this JVM and of the
 * whole machine ({@link CpuWindow}). Run by hand, see docs/benchmarks.md; arguments: n, messages
 * per consumption line (default 5000), and rounds (default 4; round 1 is warm-up and left out of
 * the medians). {@code -Dbench.modes=send} (or {@code batch}, {@code push}, comma-separated) limits
 * the run to those lines; {@code -Dbench.pin=true} pins the cluster and this client to different
 * cores ({@link CorePinning}); {@code -Dbench.stores=plain,memory} limits the consumption lines to
 * those stores. {@code -Dbench.transport=remoting} runs every line on the classic remoting client
 * instead: Steadfast with {@code ClientSettings.nameServer}, the plain lines with {@link
 * PlainRemoting} ({@code batch}: a lite pull consumer; {@code push}: a push consumer).
 */
public final class EndToEndBenchmark {
  private static final byte[] BODY = new byte[1024];
  private static final ClientServiceProvider CLIENT = ClientServiceProvider.loadService();
  private static final List<String> STORES = List.of("plain", "memory", "h2", "redis");
  private static final List<String> MODES = List.of("batch", "push");

  /** Loops of the batch lines, consumption threads of the push lines (the client's default). */
  private static final Map<String, Integer> THREADS = Map.of("batch", 2, "push", 20);

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int roundCount = Rounds.count(args, 1, 4);
    int sends =
        4 * n; // sending is fast: more messages keep a line from lasting a fraction of a second
    // -Dbench.modes=send,push measures only those kinds of line (default: send, batch, push).
    List<String> modes = List.of(System.getProperty("bench.modes", "send,batch,push").split(","));
    // -Dbench.stores=plain,memory limits the consumption lines to those stores (a profile per
    // line).
    List<String> storeLines =
        List.of(System.getProperty("bench.stores", String.join(",", STORES)).split(","));
    List<String> lines = new ArrayList<>();
    if (modes.contains("send")) {
      lines.addAll(List.of("send plain", "send steadfast"));
    }
    for (String mode : MODES) {
      if (modes.contains(mode)) {
        STORES.stream()
            .filter(storeLines::contains)
            .forEach(store -> lines.add(mode + " " + store));
      }
    }
    EmbeddedRocketMQ.Builder spec = EmbeddedRocketMQ.builder();
    for (int round = 1; round <= roundCount; round++) {
      for (String line : lines) {
        spec.topic(name(line, round), TopicType.NORMAL, 4)
            .consumerGroup("g-" + name(line, round), 16);
      }
    }
    boolean remoting = System.getProperty("bench.transport", "grpc").equals("remoting");
    try (EmbeddedRocketMQ mq = spec.start();
        RedisServer redis = RedisServer.start();
        PlainRemoting plainRemoting = remoting ? new PlainRemoting(mq.nameServerAddress()) : null) {
      CorePinning.pinIfAsked();
      System.out.println(remoting ? "transport: classic remoting client" : "transport: gRPC proxy");
      ClientSettings settings =
          remoting
              ? ClientSettings.nameServer(mq.nameServerAddress()).build()
              : ClientSettings.builder(mq.endpoint()).build();
      // The backlogs and the plain gRPC lines; toClientConfiguration() needs proxy settings.
      ClientConfiguration config =
          ClientSettings.builder(mq.endpoint()).build().toClientConfiguration();
      Producer producer = CLIENT.newProducerBuilder().setClientConfiguration(config).build();
      CountingMetrics senderMetrics = new CountingMetrics();
      ReliableSender sender =
          Steadfast.sender(
              SenderConfig.builder(settings).maxInFlight(512).metrics(senderMetrics).build());
      Map<String, Supplier<IdempotencyStore>> stores =
          Map.of(
              "memory",
              InMemoryIdempotencyStore::new,
              "h2",
              () -> MyBatisIdempotencyStore.h2InMemory("bench-" + UUID.randomUUID()),
              "redis",
              () ->
                  JedisIdempotencyStore.builder()
                      .standalone(redis.uri())
                      .keyPrefix("bench-" + UUID.randomUUID())
                      .build());
      Map<String, Function<Sample, Double>> metrics =
          Map.of(
              "rate", Sample::rate,
              "client", Sample::processMicros,
              "machine", Sample::machineMicros,
              "busy", Sample::machineBusy);
      Map<String, Rounds> rounds = new LinkedHashMap<>();
      metrics.keySet().forEach(metric -> rounds.put(metric, new Rounds()));
      // The order of the lines rotates from round to round, so no line always runs first or last.
      for (int round = 1; round <= roundCount; round++) {
        System.out.printf(
            "round %d: 1 KiB messages, %d per send line, %d per consumption line%n",
            round, sends, n);
        Map<String, Sample> measured = new LinkedHashMap<>();
        for (String line : lines) {
          if (!line.startsWith("send ")) {
            sendPlain(producer, name(line, round), n);
          }
        }
        for (String line : rotate(lines, round)) {
          String topic = name(line, round);
          String group = "g-" + topic;
          String mode = line.substring(0, line.indexOf(' '));
          String store = line.substring(line.indexOf(' ') + 1);
          if (line.equals("send plain")) {
            measured.put(
                line,
                CpuWindow.of(
                    sends,
                    () -> {
                      if (remoting) {
                        plainRemoting.send(topic, BODY, sends);
                      } else {
                        sendPlain(producer, topic, sends);
                      }
                    }));
          } else if (line.equals("send steadfast")) {
            long retriesBefore = senderMetrics.sendRetriesCount();
            measured.put(line, CpuWindow.of(sends, () -> sendSteadfast(sender, topic, sends)));
            System.out.printf(
                "    send steadfast: %d attempts retried%n",
                senderMetrics.sendRetriesCount() - retriesBefore);
          } else if (store.equals("plain") && remoting) {
            measured.put(
                line,
                mode.equals("batch")
                    ? plainRemoting.batch(group, topic, THREADS.get(mode), n)
                    : plainRemoting.push(group, topic, THREADS.get(mode), n));
          } else if (store.equals("plain")) {
            measured.put(
                line,
                mode.equals("batch")
                    ? consumePlainBatch(config, group, topic, n)
                    : consumePlainPush(config, group, topic, n));
          } else {
            try (IdempotencyStore dedup = stores.get(store).get()) {
              StoreLatency latency = new StoreLatency();
              measured.put(line, consumeSteadfast(settings, dedup, latency, mode, group, topic, n));
              System.out.printf("    %s store latency: %s%n", line, latency);
            }
          }
        }
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (Map.Entry<String, Function<Sample, Double>> metric : metrics.entrySet()) {
          Map<String, Double> byLine = new LinkedHashMap<>();
          measured.forEach((line, sample) -> byLine.put(line, metric.getValue().apply(sample)));
          values.put(metric.getKey(), byLine);
          rounds.get(metric.getKey()).add(round, byLine);
        }
        report(lines, values, Map.of());
      }
      System.out.printf("median of rounds 2-%d (then each round's msg/s)%n", roundCount);
      Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
      rounds.forEach((metric, r) -> medians.put(metric, r.medians()));
      report(lines, medians, rounds.get("rate").samples());
      sender.close();
      producer.close();
    }
  }

  private static String name(String line, int round) {
    return line.replace(' ', '-') + "-" + round;
  }

  private static <T> List<T> rotate(List<T> list, int distance) {
    List<T> rotated = new ArrayList<>(list);
    Collections.rotate(rotated, distance);
    return rotated;
  }

  /**
   * One table row per line: msg/s, as % of the plain line of its kind (send, batch or push), CPU
   * per message of this JVM and of the machine (µs), and how busy the machine was.
   */
  private static void report(
      List<String> lines,
      Map<String, Map<String, Double>> values,
      Map<String, List<Double>> samples) {
    Map<String, Double> rates = values.get("rate");
    System.out.printf(
        "| %-16s | %8s | %6s | %9s | %10s | %5s | %s%n",
        "line",
        "msg/s",
        "%",
        "client µs",
        "machine µs",
        "busy",
        samples.isEmpty() ? "" : "each round, msg/s");
    for (String line : lines) {
      // NaN when the run left out the plain line of this kind (-Dbench.stores).
      double plain =
          rates.getOrDefault(line.substring(0, line.indexOf(' ')) + " plain", Double.NaN);
      String each =
          samples.containsKey(line)
              ? samples.get(line).stream().map(v -> String.format("%.0f", v)).toList().toString()
              : "";
      System.out.printf(
          "| %-16s | %8.0f | %5.0f%% | %9.1f | %10.1f | %4.0f%% | %s%n",
          line,
          rates.get(line),
          100 * rates.get(line) / plain,
          values.get("client").get(line),
          values.get("machine").get(line),
          100 * values.get("busy").get(line),
          each);
    }
  }

  private static void sendPlain(Producer producer, String topic, int n) throws Exception {
    Semaphore window = new Semaphore(512);
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.acquire();
      futures.add(
          producer
              .sendAsync(
                  CLIENT.newMessageBuilder().setTopic(topic).setKeys("k" + i).setBody(BODY).build())
              .whenComplete((r, e) -> window.release()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  private static void sendSteadfast(ReliableSender sender, String topic, int n) {
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(
          sender.sendAsync(OutgoingMessage.builder(topic).key("k" + i).payload(BODY).build()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  /** Two receive loops of 32 messages, acking each; msg/s until {@code n} are received. */
  private static Sample consumePlainBatch(
      ClientConfiguration config, String group, String topic, int n) throws Exception {
    CpuWindow window = CpuWindow.open();
    AtomicInteger consumed = new AtomicInteger();
    CompletableFuture<Sample> rate = new CompletableFuture<>();
    // Daemon threads: with client 5.0.8 a receive still waiting when its consumer closes never
    // returns, and would keep the JVM alive after the report.
    ExecutorService loops =
        Executors.newFixedThreadPool(
            THREADS.get("batch"),
            r -> {
              Thread thread = new Thread(r, "plain-batch-loop");
              thread.setDaemon(true);
              return thread;
            });
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
            while (!rate.isDone()) {
              try {
                List<MessageView> views = consumer.receive(32, Duration.ofSeconds(30));
                // Acks are not awaited, as in the Steadfast engine: the next receive overlaps.
                for (MessageView v : views) {
                  consumer.ackAsync(v);
                }
                int before = consumed.getAndAdd(views.size());
                if (before < n && before + views.size() >= n) {
                  rate.complete(window.close(n));
                }
              } catch (Exception e) {
                // empty long poll or transient failure: poll again
              }
            }
          };
      for (int i = 0; i < THREADS.get("batch"); i++) {
        loops.execute(loop);
      }
      return rate.get();
    } finally {
      loops.shutdown();
      loops.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** A PushConsumer whose listener only counts; msg/s until the {@code n}-th message. */
  private static Sample consumePlainPush(
      ClientConfiguration config, String group, String topic, int n) throws Exception {
    CpuWindow window = CpuWindow.open();
    AtomicInteger consumed = new AtomicInteger();
    CompletableFuture<Sample> rate = new CompletableFuture<>();
    try (PushConsumer consumer =
        CLIENT
            .newPushConsumerBuilder()
            .setClientConfiguration(config)
            .setConsumerGroup(group)
            .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
            .setConsumptionThreadCount(THREADS.get("push"))
            .setMessageListener(
                view -> {
                  if (consumed.incrementAndGet() == n) {
                    rate.complete(window.close(n));
                  }
                  return ConsumeResult.SUCCESS;
                })
            .build()) {
      return rate.get();
    }
  }

  /** The Steadfast engine in {@code mode} with a no-op handler; msg/s until the {@code n}-th. */
  private static Sample consumeSteadfast(
      ClientSettings settings,
      IdempotencyStore store,
      SteadfastMetrics metrics,
      String mode,
      String group,
      String topic,
      int n)
      throws Exception {
    CpuWindow window = CpuWindow.open();
    AtomicInteger handled = new AtomicInteger();
    CompletableFuture<Sample> rate = new CompletableFuture<>();
    HandlerBinding<byte[]> binding =
        HandlerBinding.builder(topic, "*", byte[].class)
            .handler(
                (body, ctx, tx) -> {
                  if (handled.incrementAndGet() == n) {
                    rate.complete(window.close(n));
                  }
                });
    ConsumerDefinition definition = ConsumerDefinition.of(group, binding);
    try (RunningConsumer consumer =
        Steadfast.consumer(
            definition,
            ConsumerConfig.builder(settings, store)
                .mode(mode.equals("batch") ? ConsumerConfig.Mode.BATCH : ConsumerConfig.Mode.PUSH)
                .threads(THREADS.get(mode))
                .batchSize(32)
                .awaitDuration(Duration.ofSeconds(1))
                .metrics(metrics)
                .build())) {
      return rate.get();
    }
  }
}
