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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link BillingWorker} JVM started from this one's classpath. */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<String> handling = new CompletableFuture<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "demo-worker-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a worker; its log goes to {@code log}, its stderr next to it. */
  static WorkerProcess start(NodeSettings settings, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dsteadfast.demo.log=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BillingWorker.class.getName());
    command.addAll(settings.toArgs());
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectError(log.resolveSibling(log.getFileName() + ".stderr").toFile());
      builder.environment().put(NodeSettings.PASSWORD_ENV, settings.jdbcPassword());
      Process p = builder.start();
      return new WorkerProcess(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a billing worker JVM", e);
    }
  }

  private void readOutput() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.equals(BillingWorker.READY)) {
          ready.complete(null);
        } else if (line.startsWith(DemoFaults.HANDLING)) {
          handling.complete(line.substring(DemoFaults.HANDLING.length()));
        }
      }
    } catch (IOException e) {
      // the process died; the futures time out
    }
    ready.completeExceptionally(new IllegalStateException("worker exited: " + process.pid()));
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the worker consumes; false if it did not start in time. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Makes the worker block in its next handler call and returns that order (null on timeout). */
  String armAndAwaitHandling(Duration timeout) throws InterruptedException {
    try {
      OutputStream in = process.getOutputStream();
      in.write((BillingWorker.ARM + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      return handling.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /** SIGKILL (on Linux and macOS); returns the exit code (137). */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /** SIGTERM, so the worker closes its consumer; SIGKILL if it does not exit in 30 s. */
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
