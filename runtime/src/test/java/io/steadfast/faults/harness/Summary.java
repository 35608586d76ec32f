package io.steadfast.faults.harness;

import io.steadfast.faults.harness.FaultSchedule.Kind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Totals over the schedules of one harness run, as docs/reliability.md records them. */
final class Summary {
  private Summary() {}

  static String of(List<HarnessRun.Report> reports) {
    Map<Kind, Integer> faults = new TreeMap<>();
    long messages = 0;
    long sends = 0;
    long acked = 0;
    long notStored = 0;
    long maybeStored = 0;
    long effects = 0;
    long lost = 0;
    long duplicates = 0;
    long reapplied = 0;
    long violations = 0;
    long seconds = 0;
    for (HarnessRun.Report r : reports) {
      r.faults().forEach((k, n) -> faults.merge(k, n, Integer::sum));
      messages += r.messages();
      sends += r.sends();
      acked += r.acked();
      notStored += r.notStored();
      maybeStored += r.maybeStored();
      effects += r.effects();
      lost += r.lost();
      duplicates += r.duplicateEffects();
      reapplied += r.reappliedAfterCrash();
      violations += r.violations().size();
      seconds += r.seconds();
    }
    return String.format(
        "TOTAL schedules=%d messages=%d sends=%d acked=%d notStored=%d maybeStored=%d effects=%d"
            + " lost=%d duplicateEffects=%d reappliedAfterCrash=%d violations=%d faults=%s"
            + " time=%d s",
        reports.size(),
        messages,
        sends,
        acked,
        notStored,
        maybeStored,
        effects,
        lost,
        duplicates,
        reapplied,
        violations,
        faults,
        seconds);
  }
}
