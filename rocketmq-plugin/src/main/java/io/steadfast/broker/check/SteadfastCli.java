package io.steadfast.broker.check;

import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point: {@code java -jar steadfast-rocketmq-plugin.jar check broker.conf ...}. It
 * needs no RocketMQ jar on the classpath.
 */
public final class SteadfastCli {

  private SteadfastCli() {}

  /** Runs a command and exits with its code (0 ok, 1 violations, 2 unreadable input or usage). */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args)));
  }

  static int run(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("check")) {
      System.err.println(CheckCommand.USAGE);
      return CheckCommand.UNREADABLE;
    }
    try {
      return CheckCommand.run(args.subList(1, args.size()), System.out, System.err);
    } catch (RuntimeException | VirtualMachineError e) {
      // An operator gets one line, not a stack trace; the exit code still says "not checked".
      System.err.println("steadfast check failed unexpectedly: " + e);
      return CheckCommand.UNREADABLE;
    }
  }
}
