package io.steadfast.testkit.server;

import java.io.PrintStream;

/**
 * Lines a child server writes for its parent. The parent ignores any line without {@link #PREFIX}.
 */
public final class Protocol {
  public static final String PREFIX = "@@steadfast ";

  private final PrintStream out;

  Protocol(PrintStream out) {
    this.out = out;
  }

  void ready(String info) {
    line("READY " + info);
  }

  void failed(String reason) {
    line("FAILED " + oneLine(reason));
  }

  void ok(String id, String result) {
    line("OK " + id + " " + oneLine(result));
  }

  void error(String id, String reason) {
    line("ERR " + id + " " + oneLine(reason));
  }

  private synchronized void line(String s) {
    out.println(PREFIX + s);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
