package io.steadfast.broker.check;

import io.steadfast.broker.rules.BrokerSettings;
import io.steadfast.broker.rules.InvalidSettingsException;
import io.steadfast.broker.rules.Rules;
import io.steadfast.broker.rules.SyncPairRule;
import io.steadfast.broker.rules.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check [--format text|json] [--fix] FILE...}: applies the broker plugin's rules to {@code
 * broker.conf} files, and with two or more files also the cluster rule (each SYNC_MASTER has its
 * SLAVEs among them).
 */
final class CheckCommand {

  /** Every file complies. */
  static final int OK = 0;

  /** At least one rule is violated. */
  static final int VIOLATIONS = 1;

  /** A file could not be checked, or the command line is wrong. */
  static final int UNREADABLE = 2;

  static final String USAGE =
      "usage: java -jar steadfast-rocketmq-plugin.jar check [--format text|json] [--fix]"
          + " broker.conf [more.conf ...]\n"
          + "  exit code 0: all files comply, 1: rules violated, 2: unreadable input or bad usage\n"
          + "  --fix writes a corrected copy beside each file (NAME.fixed.conf); originals are"
          + " never changed";

  private CheckCommand() {}

  /** Runs the command; {@code args} excludes the word {@code check}. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean json = false;
    boolean fix = false;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--fix")) {
        fix = true;
      } else if (arg.equals("--format") && i + 1 < args.size()) {
        String format = args.get(++i);
        if (!format.equals("json") && !format.equals("text")) {
          err.println("unknown format \"" + format + "\" (use text or json)\n" + USAGE);
          return UNREADABLE;
        }
        json = format.equals("json");
      } else if (arg.startsWith("-")) {
        err.println("unknown option \"" + arg + "\"\n" + USAGE);
        return UNREADABLE;
      } else {
        try {
          files.add(Path.of(arg));
        } catch (InvalidPathException e) {
          err.println("\"" + arg + "\": not a valid file name (" + e.getReason() + ")");
          return UNREADABLE;
        }
      }
    }
    if (files.isEmpty()) {
      err.println("no config file given\n" + USAGE);
      return UNREADABLE;
    }
    List<FileResult> results = check(files, fix);
    int exit = exitCode(results);
    if (json) {
      JsonReport.print(results, exit, out);
    } else {
      TextReport.print(results, out);
    }
    return exit;
  }

  private static List<FileResult> check(List<Path> files, boolean fix) {
    Map<String, FileResult> results = new LinkedHashMap<>();
    Map<String, ConfigFile> parsed = new LinkedHashMap<>();
    Map<String, BrokerSettings> settings = new LinkedHashMap<>();
    for (Path path : files) {
      String id = path.toString();
      try {
        ConfigFile file = ConfigFileReader.read(path);
        BrokerSettings s = BrokerSettings.of(file.values());
        parsed.put(id, file);
        settings.put(id, s);
        results.put(
            id,
            new FileResult(
                path,
                List.of(),
                Rules.check(s),
                s.unsafeSettings(),
                s.producerTimeoutFloorMillis(),
                null));
      } catch (UnreadableConfigException e) {
        results.put(id, unreadable(path, e.problems()));
      } catch (InvalidSettingsException e) {
        results.put(id, unreadable(path, e.problems().stream().map(p -> path + ": " + p).toList()));
      }
    }
    if (files.size() > 1) {
      new SyncPairRule()
          .check(settings)
          .forEach((id, v) -> results.put(id, results.get(id).withViolations(v)));
    }
    if (fix) {
      parsed.forEach((id, file) -> results.put(id, fix(results.get(id), file)));
    }
    return List.copyOf(results.values());
  }

  private static FileResult fix(FileResult result, ConfigFile file) {
    List<Violation> violations = result.violations();
    if (violations.isEmpty()) {
      return result;
    }
    try {
      return result.withFixedCopy(ConfigFixer.writeFixedCopy(file, violations));
    } catch (IOException e) {
      return unreadable(
          result.path(),
          List.of(
              ConfigFixer.fixedPath(file.path())
                  + ": cannot write the corrected copy ("
                  + IoErrors.reason(e)
                  + ")"));
    }
  }

  private static FileResult unreadable(Path path, List<String> problems) {
    return new FileResult(path, problems, List.of(), List.of(), -1, null);
  }

  private static int exitCode(List<FileResult> results) {
    if (results.stream().anyMatch(FileResult::unreadable)) {
      return UNREADABLE;
    }
    return results.stream().anyMatch(r -> !r.violations().isEmpty()) ? VIOLATIONS : OK;
  }
}
