package io.steadfast.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Text and HTML rendering of a report with both runs side by side (no cluster needed). */
class ReportRenderingTest {

  private static ScenarioResult run(boolean unsafe, long duplicates, long lost) {
    return new ScenarioResult(
        unsafe ? "unsafe: plain client + SET NX / DEL" : "Steadfast",
        unsafe,
        100,
        110,
        105,
        Map.of("MAYBE_STORED", 5L),
        100,
        0,
        5,
        100 + duplicates - lost,
        duplicates,
        lost,
        unsafe ? 0 : 10,
        3,
        7,
        List.of(
            new FaultRecord("handler-failure", 0, 9000, true, "threw <after> the payment"),
            new FaultRecord("broker-kill", 4000, 8000, true, "killed & restarted")),
        List.of(
            new Sample(0, 0, 0),
            new Sample(1000, 40, 30),
            new Sample(8000, 40, 30),
            new Sample(9000, 40, 30),
            new Sample(10000, 60, 30),
            new Sample(11000, 105, 100)),
        9000);
  }

  @Test
  void bothRunsSideBySide() throws Exception {
    DemoReport report =
        new DemoReport(
            run(false, 0, 0), run(true, 3, 1), DemoOptions.parse(List.of("--orders", "100")));
    assertThat(report.exitCode()).isZero();
    String text = report.toText();
    assertThat(text)
        .containsPattern("duplicate payments \\(must be 0\\)\\s+0\\s+3")
        .containsPattern("lost: acked or committed, never paid \\(must be 0\\)\\s+0\\s+1")
        .containsPattern("orders committed, producer killed before send\\s+5\\s+5")
        .contains(
            "VERDICT: OK",
            "Unsafe contrast: 1 lost, 3 paid twice",
            "failed sends by outcome: {MAYBE_STORED=5}");

    Document page = Jsoup.parse(HtmlReport.render(report));
    assertThat(page.select("#results tr").first().select("th").eachText())
        .containsExactly("Steadfast", "unsafe: plain client + SET NX / DEL");
    assertThat(page.select("svg.timeline")).hasSize(2);
    assertThat(page.select("svg.timeline").first().select("line.fault").eachAttr("data-fault"))
        .containsExactly("broker-kill");
    assertThat(page.select("svg.timeline polyline.paid").first().attr("points").trim().split(" "))
        .hasSize(5);
    assertThat(page.select("ul.faults li").first().text()).contains("threw <after> the payment");
    assertThat(page.select("ul.faults li span.back").get(1).text())
        .isEqualTo("Back: first acked send +2.0 s, first payment +3.0 s after the fault's end");
  }

  @Test
  void recoveryIsReadOffTheTimelineAfterTheFaultsEnd() throws Exception {
    ScenarioResult r = run(false, 0, 0);
    FaultRecord brokerKill = r.faults().get(1); // ends at 8.0 s: 40 acked, 30 paid then

    assertThat(FaultRecovery.of(brokerKill, r.timeline()).describe())
        .isEqualTo("first acked send +2.0 s, first payment +3.0 s after the fault's end");
    assertThat(
            FaultRecovery.of(new FaultRecord("late", 0, 11000, true, ""), r.timeline()).describe())
        .isEqualTo("first acked send none, first payment none after the fault's end");
    assertThat(report(r)).contains("back: first acked send +2.0 s, first payment +3.0 s");
  }

  private static String report(ScenarioResult r) throws Exception {
    return new DemoReport(r, null, DemoOptions.parse(List.of())).toText();
  }

  @Test
  void failedRunGivesExitCodeOne() throws Exception {
    DemoReport report = new DemoReport(run(false, 1, 0), null, DemoOptions.parse(List.of()));
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.toText()).contains("VERDICT: FAILED - 0 lost, 1 paid twice");
    assertThat(Jsoup.parse(HtmlReport.render(report)).getElementById("verdict").hasClass("bad"))
        .isTrue();
  }
}
