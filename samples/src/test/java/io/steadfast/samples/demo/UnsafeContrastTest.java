package io.steadfast.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contrast run: the plain client with the hand-written "SET NX, DEL on failure" consumer. Its
 * flaws are provoked deterministically: a handler that throws after writing the payment makes the
 * DEL'd key be paid again on redelivery, a consumer SIGKILLed after SET NX leaves its key set, so
 * the redelivered order is skipped and never paid, and an order service SIGKILLed between its
 * commits and its plain sends leaves committed orders that are never paid.
 */
class UnsafeContrastTest {
  @TempDir Path dir;

  @Test
  void handWrittenPatternPaysTwiceAndLosesOrders() throws Exception {
    DemoOptions options =
        DemoOptions.parse(
            List.of(
                "--orders",
                "200",
                "--rate",
                "40",
                "--faults",
                "handler-failure,producer-crash,consumer-kill",
                "--data",
                dir.toString()));
    ScenarioResult r;
    try (DemoEnvironment env = DemoEnvironment.start(options, dir)) {
      r = new Scenario(options, env, true, new PrintStream(OutputStream.nullOutputStream())).run();
    }
    System.out.println(new DemoReport(r, null, options).toText());
    // Every order whose handler threw after the payment (1, 38, 75, ... when the demo JVM handled
    // it) was paid again on redelivery.
    FaultRecord failures =
        r.faults().stream()
            .filter(f -> f.name().equals("handler-failure"))
            .findFirst()
            .orElseThrow();
    Matcher m =
        Pattern.compile("first attempt of (\\d+) orders.*; (\\d+) of them were paid twice")
            .matcher(failures.what());
    assertThat(m.find()).as(failures.what()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isPositive();
    assertThat(m.group(2)).isEqualTo(m.group(1));
    assertThat(r.duplicatePayments())
        .as("duplicate payments")
        .isGreaterThanOrEqualTo(Integer.parseInt(m.group(1)));
    assertThat(r.ordersCommittedUnsent()).isEqualTo(5);
    assertThat(r.lostOrders()).as("lost orders").isGreaterThanOrEqualTo(1 + 5);
    assertThat(r.faults())
        .filteredOn(f -> f.name().equals("producer-crash"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.what())
                    .contains("plain sends after the commit never happened")
                    .endsWith("0 of 5 paid once, 5 never paid"));
    assertThat(r.faults())
        .filteredOn(f -> f.name().equals("consumer-kill"))
        .singleElement()
        .satisfies(f -> assertThat(f.what()).endsWith("was paid 0 time(s)"));
    assertThat(r.ok()).isFalse();
  }
}
