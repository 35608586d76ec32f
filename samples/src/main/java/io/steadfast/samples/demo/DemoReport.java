package io.steadfast.samples.demo;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The demo's outcome: the Steadfast run, and the unsafe contrast run when asked for.
 *
 * @param steadfast the Steadfast run
 * @param unsafe the unsafe run, or null
 * @param options the options it ran with
 */
public record DemoReport(ScenarioResult steadfast, ScenarioResult unsafe, DemoOptions options) {

  /** 0 when the Steadfast run lost nothing and applied nothing twice, else 1. */
  public int exitCode() {
    return steadfast.ok() ? 0 : 1;
  }

  /** The runs, Steadfast first. */
  public List<ScenarioResult> runs() {
    return unsafe == null ? List.of(steadfast) : List.of(steadfast, unsafe);
  }

  /** The final report as text, runs side by side. */
  public String toText() {
    List<ScenarioResult> runs = runs();
    StringBuilder b = new StringBuilder();
    b.append(String.format("%n%-50s", "RESULT"));
    runs.forEach(r -> b.append(String.format("%22s", r.unsafe() ? "unsafe" : "Steadfast")));
    b.append('\n');
    row(b, runs, "orders placed", r -> r.orders());
    row(b, runs, "sends (incl. re-sends of the same order)", r -> r.sendCalls());
    row(b, runs, "sends acked", r -> r.sendsAcked());
    row(b, runs, "sends failed, reported to the caller", r -> r.sendsFailedTotal());
    row(b, runs, "orders never acked (caller knows)", r -> r.ordersNeverAcked());
    row(b, runs, "orders committed, producer killed before send", r -> r.ordersCommittedUnsent());
    row(b, runs, "payments applied", r -> r.paymentsApplied());
    row(b, runs, "duplicate payments (must be 0)", r -> r.duplicatePayments());
    row(b, runs, "lost: acked or committed, never paid (must be 0)", r -> r.lostOrders());
    row(b, runs, "duplicates suppressed by the consumer", r -> r.duplicatesSuppressed());
    row(b, runs, "redeliveries", r -> r.redeliveries());
    row(b, runs, "send retries (Steadfast sender)", r -> r.sendRetries());
    row(b, runs, "wall time, s", r -> r.durationMillis() / 1000);
    for (ScenarioResult r : runs) {
      b.append(String.format("%nFaults (%s):%n", r.label()));
      if (r.faults().isEmpty()) {
        b.append("  none injected\n");
      }
      for (FaultRecord f : r.faults()) {
        b.append(
            String.format(
                "  %-16s at %5.1fs-%5.1fs %s%n    %s%n    back: %s%n",
                f.name(),
                f.startMillis() / 1000.0,
                f.endMillis() / 1000.0,
                f.happened() ? "" : "(NOT INJECTED)",
                f.what(),
                FaultRecovery.of(f, r.timeline()).describe()));
      }
      if (!r.sendsFailed().isEmpty()) {
        b.append("  failed sends by outcome: ").append(r.sendsFailed()).append('\n');
      }
    }
    b.append(
        String.format(
            "%nVERDICT: %s%n",
            steadfast.ok()
                ? "OK - nothing lost, nothing paid twice"
                : "FAILED - "
                    + steadfast.lostOrders()
                    + " lost, "
                    + steadfast.duplicatePayments()
                    + " paid twice"));
    if (unsafe != null) {
      b.append(
          String.format(
              "Unsafe contrast: %d lost, %d paid twice%n",
              unsafe.lostOrders(), unsafe.duplicatePayments()));
    }
    return b.toString();
  }

  private static void row(
      StringBuilder b, List<ScenarioResult> runs, String name, ToLongFunction<ScenarioResult> f) {
    b.append(String.format("%-50s", name));
    runs.forEach(r -> b.append(String.format("%22d", f.applyAsLong(r))));
    b.append('\n');
  }
}
