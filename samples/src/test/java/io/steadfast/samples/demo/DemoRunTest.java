package io.steadfast.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo end to end, as the README runs it but smaller, on each transport: 400 orders under every
 * fault against a real SYNC_MASTER + SLAVE cluster with the broker plugin, H2 payments, a worker
 * JVM that is SIGKILLed and an order service JVM SIGKILLed between its commits and its sends. The
 * report must show nothing lost, nothing paid twice, and every fault injected.
 */
class DemoRunTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void nothingLostNothingPaidTwiceUnderEveryFault(Transport transport) throws Exception {
    Path html = dir.resolve("report.html");
    DemoOptions options =
        DemoOptions.parse(
            List.of(
                "--orders",
                "400",
                "--rate",
                "40",
                "--data",
                dir.resolve("data").toString(),
                "--report",
                html.toString(),
                "--transport",
                transport.name().toLowerCase(Locale.ROOT)));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    DemoReport report = Demo.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    System.out.println(text);

    ScenarioResult r = report.steadfast();
    assertThat(r.lostOrders()).as("lost orders").isZero();
    assertThat(r.duplicatePayments()).as("duplicate payments").isZero();
    assertThat(r.ordersNeverAcked()).as("orders never acked after re-sends").isZero();
    assertThat(r.ordersCommittedUnsent()).as("orders of the crashed order service").isEqualTo(5);
    assertThat(r.paymentsApplied()).isEqualTo(400 + 5);
    assertThat(r.sendsAcked()).isGreaterThanOrEqualTo(400 + 5); // + the producer-retry re-sends
    assertThat(r.duplicatesSuppressed())
        .as("copies suppressed by the consumer")
        .isGreaterThanOrEqualTo(1);
    assertThat(report.exitCode()).isZero();

    Map<String, FaultRecord> faults =
        r.faults().stream().collect(Collectors.toMap(FaultRecord::name, f -> f));
    assertThat(faults.keySet()).containsExactlyInAnyOrderElementsOf(DemoOptions.FAULTS);
    assertThat(faults.values()).allSatisfy(f -> assertThat(f.happened()).as(f.name()).isTrue());
    assertThat(faults.get("handler-failure").what())
        .matches(".*first attempt of [1-9]\\d* orders.*; 0 of them were paid twice");
    assertThat(faults.get("consumer-kill").what())
        .contains("killed with SIGKILL (exit 137) inside the handler of o-")
        .endsWith("was paid 1 time(s)");
    assertThat(faults.get("producer-crash").what())
        .contains("committed 5 orders", "killed with SIGKILL (exit 137) before sending", "relay")
        .endsWith("5 of 5 paid once, 0 never paid");
    assertThat(faults.get("broker-kill").what()).contains("restarted on the same store");
    assertThat(faults.get("slave-outage").what()).contains("then started");
    assertThat(r.timeline()).hasSizeGreaterThan(10);

    assertThat(text)
        .contains(
            "Broker plugin (enforce): [Steadfast] broker broker-a complies with all durability rules",
            "VERDICT: OK - nothing lost, nothing paid twice",
            "store H2, " + transport.name().toLowerCase(Locale.ROOT) + " client",
            "sent 400/400");

    Document page = Jsoup.parse(Files.readString(html));
    assertThat(page.title()).isEqualTo("Steadfast demo report");
    assertThat(page.getElementById("verdict").text())
        .isEqualTo("OK: nothing lost, nothing paid twice");
    assertThat(page.select("script, link, img")).isEmpty(); // self-contained
    Element svg = page.selectFirst("svg.timeline");
    for (String series : List.of("polyline.acked", "polyline.paid")) {
      String points = svg.selectFirst(series).attr("points").trim();
      assertThat(points.split(" ")).hasSizeGreaterThan(10);
    }
    assertThat(svg.select("line.fault").eachAttr("data-fault"))
        .containsExactly(
            "producer-retry", "producer-crash", "consumer-kill", "slave-outage", "broker-kill");
    assertThat(page.select("#results tr")).hasSize(11);
  }
}
