package io.steadfast.benchmarks.engine;

import io.steadfast.MessageProperties;
import io.steadfast.benchmarks.CpuWindow;
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
 * The consumer engine with the broker taken out: fresh messages are fed from memory into the batch
 * path 32 at a time, as a SimpleConsumer receive delivers them (decode, key, claim, no-op handler,
 * completion), and compared in the same run, on the same server, with:
 *
 * <ul>
 *   <li>{@code per-message}: the hand-written per-message guard (one Redis {@code SET NX PX}, or
 *       one autocommit SQL {@code INSERT});
 *   <li>{@code ceiling}: the server's own cost of claiming and completing 32 keys the plain way,
 *       two calls (Redis: one pipeline of 32 {@code SET NX} and 32 {@code SET}; SQL: one multi-row
 *       insert that reports the new rows, and one multi-row update, each committed);
 *   <li>{@code engine 2 calls}: each batch on its own (a claim call, then a completion call), as a
 *       batch whose successor has not arrived yet;
 *   <li>{@code engine}: the steady state, every batch's completions sent with the next batch's
 *       claim (one call per batch).
 * </ul>
 *
 * <p>One thread each; servers, baselines and the prefilled PostgreSQL tables come from {@link
 * StoreUnderTest}. Reaches the engine's core through {@link EngineProbe}, the internal API for
 * tests and benchmarks. Arguments: messages per line (default 20000), rounds (default 4; round 1 is
 * warm-up and left out of the medians), then the stores (default {@code redis postgresql mariadb
 * h2}).
 */
public final class EngineBenchmark {
  private static final int BATCH = 32;
  private static final String CPU = " cpu";

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int roundCount = Rounds.count(args, 1, 4);
    List<String> stores =
        args.length > 2
            ? List.of(args).subList(2, args.length)
            : List.of("redis", "postgresql", "mariadb", "h2");
    Rounds rounds = new Rounds();
    for (int round = 1; round <= roundCount; round++) {
      System.out.printf("round %d, %d messages per line%n", round, n);
      Map<String, Double> measured = new LinkedHashMap<>();
      // The engine's own cost: the same path over a store that does no I/O.
      timed(measured, "in-memory engine", n, () -> feed(new InMemoryIdempotencyStore(), n, true));
      for (String store : stores) {
        measure(store, n, measured);
      }
      report(measured, Map.of());
      rounds.add(round, measured);
    }
    System.out.printf("median of rounds 2-%d (then each round's msg/s)%n", roundCount);
    report(rounds.medians(), rounds.samples());
  }

  /** The per-message pattern, the server's ceiling and the engine's two modes, on one server. */
  private static void measure(String kind, int n, Map<String, Double> measured) throws Exception {
    String run = UUID.randomUUID().toString();
    try (StoreUnderTest target = StoreUnderTest.open(kind)) {
      timed(
          measured,
          kind + " per-message",
          n,
          () -> {
            for (int i = 0; i < n; i++) {
              target.baseline.claim(run + ":plain:" + i);
            }
          });
      timed(
          measured,
          kind + " ceiling",
          n,
          () -> {
            for (int from = 0; from < n; from += BATCH) {
              List<String> keys = new ArrayList<>(BATCH);
              for (int i = from; i < Math.min(n, from + BATCH); i++) {
                keys.add(run + ":ceiling:" + i);
              }
              target.baseline.claimAndCompleteAll(keys);
            }
          });
      timed(measured, kind + " engine 2 calls", n, () -> feed(target.store, n, false));
      timed(measured, kind + " engine", n, () -> feed(target.store, n, true));
    }
  }

  /**
   * Puts the line's msg/s under {@code line} and this JVM's CPU µs per message under "line cpu".
   */
  private static void timed(Map<String, Double> measured, String line, int n, Throughput.Run run)
      throws Exception {
    CpuWindow.Sample sample = CpuWindow.of(n, run);
    measured.put(line, sample.rate());
    measured.put(line + CPU, sample.processMicros());
  }

  /**
   * Runs {@code n} fresh messages through the engine's batch path, 32 at a time; {@code carried}:
   * each batch's completions travel with the next one's claim.
   */
  private static void feed(IdempotencyStore store, int n, boolean carried) {
    HandlerBinding<byte[]> binding =
        HandlerBinding.builder("bench", "*", byte[].class).handler((body, ctx, tx) -> {});
    ConsumerDefinition definition = ConsumerDefinition.of(StoreUnderTest.GROUP, binding);
    ConsumerConfig config =
        ConsumerConfig.builder(ClientSettings.builder("unused:1").build(), store).build();
    byte[] body = new byte[1024];
    List<List<IncomingMessage>> batches = new ArrayList<>();
    for (int from = 0; from < n; from += BATCH) {
      List<IncomingMessage> batch = new ArrayList<>(BATCH);
      for (int i = from; i < Math.min(n, from + BATCH); i++) {
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
      }
      batches.add(batch);
    }
    try (EngineProbe engine = new EngineProbe(definition, config)) {
      List<List<Boolean>> acked =
          carried
              ? engine.processInSequence(batches)
              : batches.stream().map(engine::processBatch).toList();
      if (acked.stream().anyMatch(batch -> batch.contains(false))) {
        throw new IllegalStateException("a message was not processed");
      }
    }
  }

  private static void report(Map<String, Double> rates, Map<String, List<Double>> samples) {
    System.out.printf("| %-26s | msg/s | %% of ceiling | client CPU µs/msg | rounds%n", "line");
    rates.forEach(
        (line, rate) -> {
          if (line.endsWith(CPU)) {
            return;
          }
          Double ceiling = rates.get(line.substring(0, line.indexOf(' ')) + " ceiling");
          String each =
              samples.containsKey(line)
                  ? samples.get(line).stream()
                      .map(v -> String.format("%.0f", v))
                      .toList()
                      .toString()
                  : "";
          String ofCeiling =
              ceiling == null ? "      " : String.format("%5.1f%%", 100 * rate / ceiling);
          System.out.printf(
              "| %-26s | %9.0f | %s | %6.1f | %s%n",
              line, rate, ofCeiling, rates.get(line + CPU), each);
        });
  }
}
