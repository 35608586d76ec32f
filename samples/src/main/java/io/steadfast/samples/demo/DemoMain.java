package io.steadfast.samples.demo;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar samples/target/steadfast-demo.jar [options]}: see {@link DemoOptions#USAGE}.
 * Exit code 0 when nothing was lost or paid twice, 1 otherwise, 2 for invalid options.
 */
public final class DemoMain {
  /** Exit code for invalid options. */
  static final int USAGE_ERROR = 2;

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Everything {@link #main} does except exiting; returns the exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (UsageException e) {
      err.println("steadfast-demo: " + e.getMessage());
      return USAGE_ERROR;
    }
    if (options.help()) {
      out.print(DemoOptions.USAGE);
      return 0;
    }
    return Demo.run(options, out).exitCode();
  }
}
