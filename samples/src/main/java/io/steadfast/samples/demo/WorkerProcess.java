package io.steadfast.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker JVM of the demo ({@link BillingWorker}, {@link OrderServiceWorker}) started from this
 * one's classpath. It prints {@value #READY} once working and answers a command line on its stdin
 * with a line of its own ({@link #request}).
 */
final class WorkerProcess implements AutoCloseable {
  /** What a worker prints once it works. */
  static final String READY = "READY";

  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "demo-worker-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code args} and the database password in {@link
   * NodeSettings#PASSWORD_ENV}; its log goes to {@code log}, its stderr next to it.
   */
  static WorkerProcess start(Class<?> main, List<String> args, String jdbcPassword, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dsteadfast.demo.log=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectError(log.resolveSibling(log.getFileName() + ".stderr").toFile());
      builder.environment().put(NodeSettings.PASSWORD_ENV, jdbcPassword);
      Process p = builder.start();
      return new WorkerProcess(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a " + main.getSimpleName() + " JVM", e);
    }
  }

  private void readOutput() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.equals(READY)) {
          ready.complete(null);
        } else {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process died; the waits time out
    }
    ready.completeExceptionally(new IllegalStateException("worker exited: " + process.pid()));
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the worker works; false if it did not start in time. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /**
   * Writes {@code command} to the worker's stdin and returns the rest of its first output line
   * starting with {@code answer}, or null if none came within {@code timeout}.
   */
  String request(String command, String answer, Duration timeout) throws InterruptedException {
    try {
      OutputStream in = process.getOutputStream();
      in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      return null;
    }
    long end = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = end - System.nanoTime()) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(answer)) {
        return line.substring(answer.length());
      }
    }
    return null;
  }

  /** SIGKILL (on Linux and macOS); returns the exit code (137). */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /** SIGTERM, so the worker closes what it runs; SIGKILL if it does not exit in 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
