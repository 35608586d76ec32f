package io.steadfast.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo, callable in-process: starts the environment, runs the Steadfast scenario (and the
 * unsafe one with {@code --unsafe}), prints the report and writes the HTML page if asked.
 */
public final class Demo {
  private Demo() {}

  /** Runs the demo with {@code options}, printing progress and the report to {@code out}. */
  public static DemoReport run(DemoOptions options, PrintStream out) throws Exception {
    Path dataDir =
        options.dataDir() != null
            ? Files.createDirectories(options.dataDir())
            : Files.createTempDirectory("steadfast-demo-");
    if (System.getProperty("steadfast.demo.log") == null) {
      System.setProperty(
          "steadfast.demo.log", dataDir.resolve("demo.log").toString()); // before any log
    }
    out.println("Data, cluster and logs in " + dataDir.toAbsolutePath());
    out.println(
        "Starting RocketMQ (NameServer, SYNC_MASTER + SLAVE, SYNC_FLUSH, Steadfast broker plugin)...");
    DemoReport report;
    try (DemoEnvironment env = DemoEnvironment.start(options, dataDir)) {
      out.println(
          "Cluster ready: proxy "
              + env.cluster().endpoint()
              + ", NameServer "
              + env.cluster().nameServerAddress()
              + "; payments database "
              + env.jdbcUrl());
      out.println("Broker plugin (" + options.pluginMode() + "): " + env.pluginVerdict());
      ScenarioResult steadfast = new Scenario(options, env, false, out).run();
      ScenarioResult unsafe = options.unsafe() ? new Scenario(options, env, true, out).run() : null;
      report = new DemoReport(steadfast, unsafe, options);
      out.println("Stopping the cluster...");
    }
    out.print(report.toText());
    if (options.report() != null) {
      writeHtml(report, options.report());
      out.println("HTML report: " + options.report().toAbsolutePath());
    }
    return report;
  }

  static void writeHtml(DemoReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, HtmlReport.render(report), StandardCharsets.UTF_8);
  }
}
