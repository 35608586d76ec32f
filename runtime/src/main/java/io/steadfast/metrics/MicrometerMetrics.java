package io.steadfast.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.steadfast.produce.SendFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Exports what senders and consumers report as Micrometer meters. Needs {@code
 * io.micrometer:micrometer-core} on the classpath (an optional dependency of the runtime); the
 * Spring Boot starter registers one when the application has a {@link MeterRegistry}.
 *
 * <pre>{@code
 * ConsumerConfig.builder(client, store).metrics(new MicrometerMetrics(registry))
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #CONSUMER_MESSAGES}</td><td>counter</td><td>group, topic, outcome: processed,
 *       duplicate, in_progress, released, redelivered, lease_lost, dead_letter</td></tr>
 *   <tr><td>{@value #STORE_CALLS}</td><td>timer</td><td>operation (claim, claimAll, complete,
 *       completeAll, release, renewAll, ...), outcome: ok, error</td></tr>
 *   <tr><td>{@value #SENDS}</td><td>counter</td><td>topic, outcome: acked, not_stored,
 *       maybe_stored, permanent</td></tr>
 *   <tr><td>{@value #SEND_RETRIES}</td><td>counter</td><td>topic</td></tr>
 * </table>
 *
 * <p>A message usually counts under more than one outcome over its life: a failing handler adds
 * {@code released} and {@code redelivered}, its later success {@code processed}. Each {@code
 * processed} is one effect applied.
 */
public final class MicrometerMetrics implements SteadfastMetrics {
  /** Counter of consumed messages by outcome. */
  public static final String CONSUMER_MESSAGES = "steadfast.consumer.messages";

  /** Timer of dedup store calls. */
  public static final String STORE_CALLS = "steadfast.store.calls";

  /** Counter of finished sends by outcome. */
  public static final String SENDS = "steadfast.sender.sends";

  /** Counter of send attempts that failed and were retried. */
  public static final String SEND_RETRIES = "steadfast.sender.retries";

  private final MeterRegistry registry;
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

  /** Registers meters in {@code registry} as events arrive. */
  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void processed(String group, String topic) {
    message(group, topic, "processed");
  }

  @Override
  public void duplicateSuppressed(String group, String topic) {
    message(group, topic, "duplicate");
  }

  @Override
  public void inProgressSkipped(String group, String topic) {
    message(group, topic, "in_progress");
  }

  @Override
  public void released(String group, String topic) {
    message(group, topic, "released");
  }

  @Override
  public void redelivering(String group, String topic, int deliveryAttempt) {
    message(group, topic, "redelivered");
  }

  @Override
  public void leaseLost(String group, String topic) {
    message(group, topic, "lease_lost");
  }

  @Override
  public void deadLetterBound(String group, String topic) {
    message(group, topic, "dead_letter");
  }

  @Override
  public void storeCall(String operation, long nanos, boolean ok) {
    String outcome = ok ? "ok" : "error";
    timers
        .computeIfAbsent(
            List.of(operation, outcome),
            k ->
                Timer.builder(STORE_CALLS)
                    .description("Calls to the dedup store")
                    .tags("operation", operation, "outcome", outcome)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void sendRetried(String topic, int failedAttempt) {
    counter(SEND_RETRIES, "Send attempts that failed and were retried", "topic", topic).increment();
  }

  @Override
  public void sendFinished(String topic, SendFailedException.Outcome outcome, int attempts) {
    String tag = outcome == null ? "acked" : outcome.name().toLowerCase(Locale.ROOT);
    counter(SENDS, "Finished sends", "topic", topic, "outcome", tag).increment();
  }

  private void message(String group, String topic, String outcome) {
    counter(
            CONSUMER_MESSAGES,
            "Messages received by consumers",
            "group",
            group,
            "topic",
            topic,
            "outcome",
            outcome)
        .increment();
  }

  /** The counter {@code name} with the tags {@code keyValues}, registered on first use. */
  private Counter counter(String name, String description, String... keyValues) {
    List<String> key = new ArrayList<>(keyValues.length + 1);
    key.add(name);
    key.addAll(Arrays.asList(keyValues));
    return counters.computeIfAbsent(
        key,
        k -> Counter.builder(name).description(description).tags(keyValues).register(registry));
  }
}
