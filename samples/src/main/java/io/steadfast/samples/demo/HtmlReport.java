package io.steadfast.samples.demo;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The one-page HTML report: verdict, results side by side, and per run a throughput timeline
 * (inline SVG: acked sends and applied payments per second) with the faults marked. No scripts, no
 * external resources.
 */
final class HtmlReport {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 260;
  private static final int PAD = 40;

  private HtmlReport() {}

  static String render(DemoReport report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Steadfast demo report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:960px}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}.ok{color:#070}.bad{color:#b00}")
        .append(
            ".acked{stroke:#36c;fill:none;stroke-width:1.5}.paid{stroke:#2a2;fill:none;stroke-width:1.5}")
        .append(".fault{stroke:#c33;stroke-dasharray:4 3}.label{font-size:11px;fill:#c33}")
        .append("</style></head><body>\n");
    DemoOptions o = report.options();
    h.append("<h1>Steadfast demo</h1>\n<p>")
        .append(o.orders())
        .append(" orders, faults: ")
        .append(
            o.faults().isEmpty()
                ? "none"
                : String.join(", ", DemoOptions.FAULTS.stream().filter(o::injects).toList()))
        .append(", dedup store ")
        .append(o.store())
        .append(".</p>\n");
    ScenarioResult s = report.steadfast();
    h.append("<p id=\"verdict\" class=\"")
        .append(s.ok() ? "ok" : "bad")
        .append("\"><b>")
        .append(
            s.ok()
                ? "OK: nothing lost, nothing paid twice"
                : "FAILED: " + s.lostOrders() + " lost, " + s.duplicatePayments() + " paid twice")
        .append("</b></p>\n");
    results(h, report.runs());
    for (ScenarioResult r : report.runs()) {
      h.append("<h2>").append(escape(r.label())).append("</h2>\n");
      chart(h, r);
      h.append("<ul class=\"faults\">\n");
      for (FaultRecord f : r.faults()) {
        h.append("<li><b>")
            .append(escape(f.name()))
            .append("</b> ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.1f s - %.1f s",
                    f.startMillis() / 1000.0,
                    f.endMillis() / 1000.0))
            .append(f.happened() ? "" : " <span class=\"bad\">(not injected)</span>")
            .append(": ")
            .append(escape(f.what()))
            .append(". <span class=\"back\">Back: ")
            .append(escape(FaultRecovery.of(f, r.timeline()).describe()))
            .append("</span></li>\n");
      }
      h.append("</ul>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void results(StringBuilder h, List<ScenarioResult> runs) {
    h.append("<table id=\"results\"><tr><th></th>");
    runs.forEach(r -> h.append("<th>").append(escape(r.label())).append("</th>"));
    h.append("</tr>\n");
    row(h, runs, "orders placed", ScenarioResult::orders);
    row(h, runs, "sends acked", ScenarioResult::sendsAcked);
    row(h, runs, "sends failed, reported to the caller", ScenarioResult::sendsFailedTotal);
    row(
        h,
        runs,
        "orders committed, producer killed before send",
        ScenarioResult::ordersCommittedUnsent);
    row(h, runs, "payments applied", ScenarioResult::paymentsApplied);
    row(h, runs, "duplicate payments", ScenarioResult::duplicatePayments);
    row(h, runs, "lost orders", ScenarioResult::lostOrders);
    row(h, runs, "duplicates suppressed", ScenarioResult::duplicatesSuppressed);
    row(h, runs, "redeliveries", ScenarioResult::redeliveries);
    row(h, runs, "send retries", ScenarioResult::sendRetries);
    h.append("</table>\n");
  }

  private static void row(
      StringBuilder h, List<ScenarioResult> runs, String name, ToLongFunction<ScenarioResult> f) {
    h.append("<tr><td>").append(name).append("</td>");
    runs.forEach(r -> h.append("<td>").append(f.applyAsLong(r)).append("</td>"));
    h.append("</tr>\n");
  }

  /** Per-second rates of acked sends and payments, and a dashed line where each fault began. */
  private static void chart(StringBuilder h, ScenarioResult r) {
    List<Sample> t = r.timeline();
    double maxSeconds = Math.max(1, r.durationMillis() / 1000.0);
    long maxRate = 1;
    for (int i = 1; i < t.size(); i++) {
      maxRate = Math.max(maxRate, Math.max(rate(t, i, Sample::acked), rate(t, i, Sample::paid)));
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n",
            PAD,
            HEIGHT - PAD,
            WIDTH - 10,
            HEIGHT - PAD,
            PAD,
            10,
            PAD,
            HEIGHT - PAD));
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d/s</text><text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f s</text>%n",
            2,
            20,
            maxRate,
            WIDTH - 50,
            HEIGHT - PAD + 15,
            maxSeconds));
    for (String series : List.of("acked", "paid")) {
      h.append("<polyline class=\"").append(series).append("\" points=\"");
      for (int i = 1; i < t.size(); i++) {
        long rate = rate(t, i, series.equals("acked") ? Sample::acked : Sample::paid);
        h.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                x(t.get(i).millis() / 1000.0, maxSeconds),
                y(rate, maxRate)));
      }
      h.append("\"/>\n");
    }
    for (FaultRecord f : r.faults()) {
      if (f.name().equals("handler-failure")) {
        continue; // spread over the whole run, not a moment
      }
      double x = x(f.startMillis() / 1000.0, maxSeconds);
      h.append(
          String.format(
              Locale.ROOT,
              "<line class=\"fault\" data-fault=\"%s\" x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\"/>"
                  + "<text class=\"label\" x=\"%.1f\" y=\"%d\">%s</text>%n",
              escape(f.name()),
              x,
              x,
              HEIGHT - PAD,
              x + 3,
              22 + 12 * (r.faults().indexOf(f) % 4),
              escape(f.name())));
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#36c\">acked sends/s</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#2a2\">payments/s</text>%n",
            PAD + 10,
            HEIGHT - 8,
            PAD + 110,
            HEIGHT - 8));
    h.append("</svg>\n");
  }

  private static long rate(List<Sample> t, int i, ToLongFunction<Sample> f) {
    double seconds = Math.max(0.001, (t.get(i).millis() - t.get(i - 1).millis()) / 1000.0);
    return Math.round(Math.max(0, f.applyAsLong(t.get(i)) - f.applyAsLong(t.get(i - 1))) / seconds);
  }

  private static double x(double seconds, double maxSeconds) {
    return PAD + (WIDTH - PAD - 10) * seconds / maxSeconds;
  }

  private static double y(long rate, long maxRate) {
    return HEIGHT - PAD - (HEIGHT - PAD - 10) * (double) rate / maxRate;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
