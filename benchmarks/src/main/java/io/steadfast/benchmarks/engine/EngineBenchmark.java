package io.steadfast.benchmarks.engine;

import io.steadfast.MessageProperties;
import io.steadfast.benchmarks.Rounds;
import io.steadfast.benchmarks.Throughput;
import io.steadfast.benchmarks.store.StoreUnderTest;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.internal.consume.EngineProbe;
import io.steadfast.internal.consume.IncomingMessage;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The consumer engine with the broker taken out: messages are fed from memory into the batch path
 * (decode, key, one claimAll, no-op handler, one completeAll per 32 messages, as a SimpleConsumer
 * receive delivers them) and compared, in the same run and on the same servers, with the
 * hand-written per-message guard: one Redis {@code SET NX PX} per message (the {@code SET
 * NX}-then-{@code DEL} pattern on its success path: {@code DEL} only runs when a handler fails), or
 * one autocommit PostgreSQL {@code INSERT} per message. A third line per store shows the server's
 * own ceiling for 32 keys at a time (a pipeline of 32 {@code SET NX}, one 32-row {@code INSERT})
 * with no completion at all. One thread each; servers, baselines and the prefilled PostgreSQL
 * tables come from {@link StoreUnderTest}. Reaches the engine's core through {@link EngineProbe},
 * the internal API for tests and benchmarks. Arguments: messages per line (default 20000), rounds
 * (default 4; round 1 is warm-up and left out of the medians).
 */
public final class EngineBenchmark {
  private static final int BATCH = 32;

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int roundCount = Rounds.count(args, 1, 4);
    Rounds rounds = new Rounds();
    for (int round = 1; round <= roundCount; round++) {
      System.out.printf("round %d, %d messages per line%n", round, n);
      Map<String, Double> measured = new LinkedHashMap<>();
      // The engine's own cost: the same path over a store that does no I/O.
      measured.put(
          "in-memory engine", Throughput.of(n, () -> feed(new InMemoryIdempotencyStore(), n)));
      measure("Redis", "redis", n, measured);
      measure("PostgreSQL", "postgresql", n, measured);
      report(measured, Map.of());
      rounds.add(round, measured);
    }
    System.out.printf("median of rounds 2-%d (then each round's msg/s)%n", roundCount);
    report(rounds.medians(), rounds.samples());
  }

  /** The per-message pattern, the server's 32-key ceiling and the engine, on one server. */
  private static void measure(String label, String kind, int n, Map<String, Double> measured)
      throws Exception {
    String run = UUID.randomUUID().toString();
    try (StoreUnderTest target = StoreUnderTest.open(kind)) {
      measured.put(
          label + " per-message",
          Throughput.of(
              n,
              () -> {
                for (int i = 0; i < n; i++) {
                  target.baseline.claim(run + ":plain:" + i);
                }
              }));
      measured.put(
          label + " ceiling",
          Throughput.of(
              n,
              () -> {
                for (int from = 0; from < n; from += BATCH) {
                  List<String> keys = new ArrayList<>(BATCH);
                  for (int i = from; i < Math.min(n, from + BATCH); i++) {
                    keys.add(run + ":ceiling:" + i);
                  }
                  target.baseline.claimAll(keys);
                }
              }));
      measured.put(label + " engine", Throughput.of(n, () -> feed(target.store, n)));
    }
  }

  /** Runs {@code n} fresh messages through the engine's batch path, 32 at a time. */
  private static void feed(IdempotencyStore store, int n) {
    HandlerBinding<byte[]> binding =
        HandlerBinding.builder("bench", "*", byte[].class).handler((body, ctx, tx) -> {});
    ConsumerDefinition definition = ConsumerDefinition.of(StoreUnderTest.GROUP, binding);
    ConsumerConfig config =
        ConsumerConfig.builder(ClientSettings.builder("unused:1").build(), store).build();
    byte[] body = new byte[1024];
    List<IncomingMessage> batch = new ArrayList<>(BATCH);
    try (EngineProbe engine = new EngineProbe(definition, config)) {
      for (int i = 0; i < n; i++) {
        String id = UUID.randomUUID().toString();
        batch.add(
            new IncomingMessage(
                "msg-" + i,
                "bench",
                null,
                List.of("order-" + id),
                Map.of(MessageProperties.STEADFAST_ID, id),
                body,
                1));
        if (batch.size() == BATCH || i == n - 1) {
          if (engine.processBatch(batch).contains(false)) {
            throw new IllegalStateException("a message was not processed");
          }
          batch.clear();
        }
      }
    }
  }

  private static void report(Map<String, Double> rates, Map<String, List<Double>> samples) {
    rates.forEach(
        (line, rate) -> {
          Double perMessage = rates.get(line.substring(0, line.indexOf(' ')) + " per-message");
          String each =
              samples.containsKey(line)
                  ? samples.get(line).stream()
                      .map(v -> String.format("%.0f", v))
                      .toList()
                      .toString()
                  : "";
          String ratio = perMessage == null ? "     " : String.format("%4.1f×", rate / perMessage);
          System.out.printf("| %-24s | %9.0f msg/s | %s | %s%n", line, rate, ratio, each);
        });
  }
}
