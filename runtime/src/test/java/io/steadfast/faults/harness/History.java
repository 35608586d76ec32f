package io.steadfast.faults.harness;

import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** Per key, the consumer instances (e.g. {@code c1.2}) that applied it, in time order. */
  private final Map<String, List<String>> effects = new ConcurrentHashMap<>();

  /** Consumer instances that were SIGKILLed. */
  private final Set<String> killed = ConcurrentHashMap.newKeySet();

  private final boolean transactional;

  /**
   * @param transactional whether effects commit with their DONE records (then no crash may ever
   *     re-apply one)
   */
  History(boolean transactional) {
    this.transactional = transactional;
  }

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

  void effects(Map<String, List<String>> byKey) {
    effects.clear();
    effects.putAll(byKey);
  }

  void killed(String instance) {
    killed.add(instance);
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
    return effects.values().stream().mapToInt(List::size).sum();
  }

  /** Every broken promise, one line each; empty when the schedule kept them all. */
  List<String> violations() {
    List<String> out = new ArrayList<>();
    long unreported = futures.stream().filter(f -> !f.isDone()).count();
    if (unreported > 0) {
      out.add(unreported + " send(s) never reported to their caller");
    }
    for (String key : sends.keySet()) {
      int n = effects.getOrDefault(key, List.of()).size();
      if (acked(key) && n == 0) {
        out.add("lost: " + key + " was acked but has no effect");
      }
      if (n > 1 && !reappliedAfterCrash(key)) {
        out.add("duplicate: " + key + " was applied by " + effects.get(key));
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
    return ackedKeys().stream().filter(k -> !effects.containsKey(k)).count();
  }

  /** Extra effects no documented limit explains. */
  long duplicateEffects() {
    return effects.keySet().stream()
        .filter(k -> !reappliedAfterCrash(k))
        .mapToLong(k -> effects.get(k).size() - 1)
        .sum();
  }

  /** Extra effects of non-transactional handlers whose consumer was killed before its DONE. */
  long reappliedAfterCrash() {
    return effects.keySet().stream()
        .filter(k -> effects.get(k).size() > 1 && reappliedAfterCrash(k))
        .mapToLong(k -> effects.get(k).size() - 1)
        .sum();
  }

  /**
   * The one documented way a non-transactional effect is applied twice: its consumer was killed
   * after the handler's effect and before the DONE record was written, so every earlier effect
   * comes from a killed instance. Transactional effects commit with their DONE record: never.
   */
  private boolean reappliedAfterCrash(String key) {
    List<String> by = effects.get(key);
    return !transactional && killed.containsAll(by.subList(0, by.size() - 1));
  }
}
