package io.steadfast.broker.check;

import io.steadfast.broker.rules.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of checking one file.
 *
 * @param path the checked file
 * @param problems why the file could not be checked (empty when it could)
 * @param violations the broken rules (empty when it complies or could not be checked)
 * @param warnings settings that are allowed but unsafe on purpose (an escape hatch)
 * @param producerTimeoutFloorMillis the producer request timeout the broker's waits require, or -1
 * @param fixedCopy where {@code --fix} wrote a corrected copy, or {@code null}
 */
record FileResult(
    Path path,
    List<String> problems,
    List<Violation> violations,
    List<String> warnings,
    int producerTimeoutFloorMillis,
    Path fixedCopy) {

  boolean unreadable() {
    return !problems.isEmpty();
  }

  FileResult withViolations(List<Violation> more) {
    List<Violation> all = new ArrayList<>(violations);
    all.addAll(more);
    return new FileResult(
        path, problems, List.copyOf(all), warnings, producerTimeoutFloorMillis, fixedCopy);
  }

  FileResult withFixedCopy(Path copy) {
    return new FileResult(path, problems, violations, warnings, producerTimeoutFloorMillis, copy);
  }
}
