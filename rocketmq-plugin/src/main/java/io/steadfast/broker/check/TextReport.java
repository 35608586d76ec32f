package io.steadfast.broker.check;

import io.steadfast.broker.rules.Violation;
import java.io.PrintStream;
import java.util.List;

/** The human-readable report: one block per file, then a summary line. */
final class TextReport {

  private TextReport() {}

  static void print(List<FileResult> results, PrintStream out) {
    int ok = 0;
    int failed = 0;
    int unreadable = 0;
    for (FileResult r : results) {
      if (r.unreadable()) {
        unreadable++;
        out.println("UNREADABLE " + r.path());
        r.problems().forEach(p -> out.println("  " + p));
        continue;
      }
      if (r.violations().isEmpty()) {
        ok++;
        out.println("OK " + r.path());
      } else {
        failed++;
        out.println("VIOLATIONS " + r.path() + ": " + r.violations().size() + " violated rule(s)");
        for (Violation v : r.violations()) {
          out.println("  " + v.describe());
        }
      }
      r.warnings().forEach(w -> out.println("  WARNING " + w));
      out.println(
          "  note: producers need a request timeout above "
              + r.producerTimeoutFloorMillis()
              + " ms (the longer of syncFlushTimeout and slaveTimeout) to see the broker's answer");
      if (r.fixedCopy() != null) {
        out.println("  corrected copy written to " + r.fixedCopy());
      }
    }
    out.println(
        results.size()
            + " file(s) checked: "
            + ok
            + " ok, "
            + failed
            + " with violations, "
            + unreadable
            + " unreadable");
  }
}
