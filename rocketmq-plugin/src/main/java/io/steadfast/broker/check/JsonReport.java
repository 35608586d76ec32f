package io.steadfast.broker.check;

import io.steadfast.broker.rules.Violation;
import java.io.PrintStream;
import java.util.List;

/** The machine-readable report, written by hand so the jar needs no JSON library. */
final class JsonReport {

  private JsonReport() {}

  static void print(List<FileResult> results, int exitCode, PrintStream out) {
    StringBuilder json = new StringBuilder();
    json.append("{\"exitCode\":").append(exitCode).append(",\"files\":[");
    for (int i = 0; i < results.size(); i++) {
      FileResult r = results.get(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"file\":").append(string(r.path().toString()));
      json.append(",\"status\":")
          .append(
              string(
                  r.unreadable() ? "unreadable" : r.violations().isEmpty() ? "ok" : "violations"));
      json.append(",\"problems\":[");
      for (int j = 0; j < r.problems().size(); j++) {
        json.append(j > 0 ? "," : "").append(string(r.problems().get(j)));
      }
      json.append("],\"violations\":[");
      for (int j = 0; j < r.violations().size(); j++) {
        json.append(j > 0 ? "," : "");
        violation(r.violations().get(j), json);
      }
      json.append("],\"warnings\":[");
      for (int j = 0; j < r.warnings().size(); j++) {
        json.append(j > 0 ? "," : "").append(string(r.warnings().get(j)));
      }
      json.append(']');
      if (!r.unreadable()) {
        json.append(",\"producerTimeoutFloorMillis\":").append(r.producerTimeoutFloorMillis());
      }
      if (r.fixedCopy() != null) {
        json.append(",\"fixedCopy\":").append(string(r.fixedCopy().toString()));
      }
      json.append('}');
    }
    json.append("]}");
    out.println(json);
  }

  private static void violation(Violation v, StringBuilder json) {
    json.append("{\"rule\":").append(string(v.rule()));
    json.append(",\"key\":").append(string(v.key()));
    json.append(",\"current\":").append(string(v.current()));
    json.append(",\"required\":").append(string(v.required()));
    json.append(",\"why\":").append(string(v.why()));
    json.append(",\"fix\":").append(v.fixValue() == null ? "null" : string(v.fixValue()));
    json.append('}');
  }

  /** A JSON string literal (RFC 8259 escapes). */
  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
