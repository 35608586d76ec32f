package io.steadfast.faults.harness;

import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened in one schedule, seen from outside: every send and how its caller learned of it,
 * and every effect the handlers left. {@link #violations()} checks the promises against it.
 */
final class History {
  /** How a send's caller learned of it. */
  enum Result {
    ACKED,
    NOT_STORED,
    MAYBE_STORED,
    PERMANENT
  }

  /** Every send of a key (re-sends included) and its result once reported. */
  private final Map<String, List<Result>> sends = new ConcurrentHashMap<>();

  private final Map<String, Integer> effects = new ConcurrentHashMap<>();
  private final List<CompletableFuture<?>> futures = new CopyOnWriteArrayList<>();

  /** Records a send; its future reports to this history when it completes. */
  void sent(String key, CompletableFuture<?> send) {
    List<Result> results = sends.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    futures.add(send.whenComplete((ok, e) -> results.add(e == null ? Result.ACKED : failure(e))));
  }

  private static Result failure(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    Outcome outcome = cause instanceof SendFailedException f ? f.outcome() : Outcome.MAYBE_STORED;
    return Result.valueOf(outcome.name());
  }

  void effects(Map<String, Integer> counts) {
    effects.clear();
    effects.putAll(counts);
  }

  boolean acked(String key) {
    return sends.getOrDefault(key, List.of()).contains(Result.ACKED);
  }

  List<String> ackedKeys() {
    return sends.keySet().stream().filter(this::acked).toList();
  }

  boolean allSendsReported() {
    return futures.stream().allMatch(CompletableFuture::isDone);
  }

  long count(Result result) {
    return sends.values().stream().flatMap(List::stream).filter(r -> r == result).count();
  }

  int sendCount() {
    return futures.size();
  }

  int effectCount() {
    return effects.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every broken promise, one line each; empty when the schedule kept them all. */
  List<String> violations() {
    List<String> out = new ArrayList<>();
    long unreported = futures.stream().filter(f -> !f.isDone()).count();
    if (unreported > 0) {
      out.add(unreported + " send(s) never reported to their caller");
    }
    for (String key : sends.keySet()) {
      int n = effects.getOrDefault(key, 0);
      if (acked(key) && n == 0) {
        out.add("lost: " + key + " was acked but has no effect");
      }
      if (n > 1) {
        out.add("duplicate: " + key + " has " + n + " effects");
      }
      List<Result> results = sends.get(key);
      if (n > 0 && !results.isEmpty() && results.stream().allMatch(r -> r == Result.NOT_STORED)) {
        out.add("misreported: " + key + " was reported NOT_STORED but has an effect");
      }
    }
    for (String key : effects.keySet()) {
      if (!sends.containsKey(key)) {
        out.add("phantom: " + key + " has an effect but was never sent");
      }
    }
    return out;
  }

  long lost() {
    return ackedKeys().stream().filter(k -> effects.getOrDefault(k, 0) == 0).count();
  }

  long duplicateEffects() {
    return effects.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
  }
}
