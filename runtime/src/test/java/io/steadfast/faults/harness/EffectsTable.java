package io.steadfast.faults.harness;

import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table of one schedule's effects on PostgreSQL: one row per handled order, written by the
 * handlers ({@link HarnessConsumer#recordEffect}). It has no unique key, so a duplicate effect
 * shows as two rows.
 */
final class EffectsTable {
  private static final Logger log = LoggerFactory.getLogger(EffectsTable.class);

  final String name = TestDatabases.uniqueName("harness_effects");
  private final DatabaseSettings postgres;

  EffectsTable(DatabaseSettings postgres) throws Exception {
    this.postgres = postgres;
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + name
              + " (k VARCHAR(100) NOT NULL, consumer VARCHAR(120) NOT NULL, at BIGINT NOT NULL)");
    }
  }

  /** Per key, the child instances (e.g. {@code c1.2}) that applied it, in time order. */
  Map<String, List<String>> read() throws Exception {
    Map<String, List<String>> byKey = new HashMap<>();
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT k, consumer FROM " + name + " ORDER BY at")) {
      while (rs.next()) {
        String instance = rs.getString(2).split("/", 2)[0];
        byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(instance);
      }
    }
    return byKey;
  }

  /**
   * Waits until every key of {@code expected} has an effect and the effects stopped changing for
   * three looks in a row, or {@code limit} passed.
   */
  void awaitSettled(Supplier<Collection<String>> expected, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    int stableRounds = 0;
    int last = -1;
    while (System.nanoTime() < end && stableRounds < 3) {
      Thread.sleep(2_000);
      Map<String, List<String>> effects = read();
      int total = effects.values().stream().mapToInt(List::size).sum();
      boolean complete = expected.get().stream().allMatch(effects::containsKey);
      stableRounds = complete && total == last ? stableRounds + 1 : 0;
      last = total;
    }
  }

  /**
   * Gives {@code history} the effects and the SIGKILLed instances; if it then breaks a promise,
   * writes every effect row to {@code dump} for the diagnosis.
   */
  void check(History history, Set<String> killed, Path dump) throws Exception {
    killed.forEach(history::killed);
    history.effects(read());
    if (!history.violations().isEmpty()) {
      dump(dump);
      log.error("harness: effects of {} written to {}", name, dump);
    }
  }

  /** Every effect row, in time order, into {@code out}. */
  private void dump(Path out) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT k, consumer, at FROM " + name + " ORDER BY at")) {
      while (rs.next()) {
        lines.add(rs.getLong(3) + " " + rs.getString(1) + " " + rs.getString(2));
      }
    }
    Files.write(out, lines);
  }

  void drop() throws Exception {
    postgres.dropTable(name);
  }
}
