package io.steadfast.faults.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The child JVMs of one schedule, by slot ({@code c0}, {@code c1}, {@code app}): started, SIGKILLed
 * (a crash) or SIGTERMed (a graceful close) and started again. Each start is a new instance named
 * {@code <slot>.<n>}, the name its effects carry; the killed instances are remembered.
 */
final class ChildProcesses {
  private final Path workDir;
  private final String id;
  private final BiFunction<String, String, List<String>> commands;
  private final Map<String, Process> processes = new HashMap<>();
  private final Map<String, Integer> starts = new HashMap<>();
  private final Set<String> killed = ConcurrentHashMap.newKeySet();

  /**
   * @param commands the command line of a slot's new instance: (slot, instance name) to command
   */
  ChildProcesses(Path workDir, String id, BiFunction<String, String, List<String>> commands) {
    this.workDir = workDir;
    this.id = id;
    this.commands = commands;
  }

  /** Starts a new instance in {@code slot} unless one runs; its output goes to the work dir. */
  synchronized void start(String slot) {
    Process running = processes.get(slot);
    if (running != null && running.isAlive()) {
      return;
    }
    String instance = slot + "." + starts.merge(slot, 1, Integer::sum);
    File logFile = workDir.resolve(slot + "-" + id + ".log").toFile();
    try {
      processes.put(
          slot,
          new ProcessBuilder(commands.apply(slot, instance))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
              .start());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start harness child " + instance, e);
    }
  }

  /**
   * Waits until {@code slot}'s output contains {@code text} (its "started" line), at most {@code
   * timeout}; a JVM that died before (its client timed out connecting on a loaded machine) is
   * started again.
   *
   * @throws IllegalStateException if none printed it within the timeout
   */
  void awaitStarted(String slot, String text, Duration timeout) throws Exception {
    Path log = workDir.resolve(slot + "-" + id + ".log");
    long end = System.nanoTime() + timeout.toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(slot + " did not print '" + text + "' within " + timeout);
      }
      start(slot); // does nothing while the JVM runs
      Thread.sleep(100);
    }
  }

  /** SIGKILL ({@code crash}) or SIGTERM (a graceful close), then waits for the JVM to end. */
  void stop(String slot, boolean crash) throws InterruptedException {
    Process p;
    String instance;
    synchronized (this) {
      p = processes.get(slot);
      instance = slot + "." + starts.getOrDefault(slot, 0);
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    if (crash) {
      killed.add(instance);
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    awaitExit(p);
  }

  /** Starts again every slot whose instance is not running. */
  synchronized void restartStopped() {
    for (String slot : List.copyOf(processes.keySet())) {
      start(slot);
    }
  }

  /** Stops every slot gracefully, all at once (each close takes seconds). */
  void stopAll() throws InterruptedException {
    List<Process> running;
    synchronized (this) {
      running = processes.values().stream().filter(Process::isAlive).toList();
    }
    running.forEach(Process::destroy);
    for (Process p : running) {
      awaitExit(p);
    }
  }

  /** Waits for {@code p} to end; SIGKILL if a graceful close takes longer than 30 s. */
  private static void awaitExit(Process p) throws InterruptedException {
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  /** The instances that were SIGKILLed. */
  Set<String> killed() {
    return Set.copyOf(killed);
  }

  /**
   * A child JVM running {@code main} on this JVM's classpath, with each property as {@code
   * -Dharness.<key>=<value>}.
   */
  static List<String> javaCommand(Path workDir, Map<String, String> properties, Class<?> main) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-Duser.home=" + workDir.resolve("home"));
    properties.forEach((k, v) -> command.add("-Dharness." + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return command;
  }
}
