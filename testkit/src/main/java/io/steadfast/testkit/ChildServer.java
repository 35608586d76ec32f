package io.steadfast.testkit;

import io.steadfast.testkit.server.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RocketMQ server role running in a child JVM ({@code io.steadfast.testkit.server.ServerMain}),
 * driven through its stdin/stdout protocol. Stopping closes stdin; killing sends SIGKILL.
 */
final class ChildServer {
  private static final Logger log = LoggerFactory.getLogger(ChildServer.class);
  private static final long READY_TIMEOUT_SECONDS = 120;
  private static final long COMMAND_TIMEOUT_SECONDS = 90;

  private final String name;
  private final Process process;
  private final Path outputFile;
  private final Writer stdin;
  private final CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
  private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private ChildServer(String name, Process process, Path outputFile) {
    this.name = name;
    this.process = process;
    this.outputFile = outputFile;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, "steadfast-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenRun(this::failPending);
  }

  /**
   * Starts {@code ServerMain args...} with the bundled server classpath plus {@code
   * extraClasspath}, and waits until it reports ready.
   */
  static ChildServer start(
      String name,
      Path dir,
      List<String> jvmOptions,
      List<Path> extraClasspath,
      List<String> args) {
    try {
      Files.createDirectories(dir.resolve("home"));
      Files.createDirectories(dir.resolve("tmp"));
      List<Path> classpath = new ArrayList<>(ServerClasspath.entries());
      classpath.addAll(extraClasspath);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-Duser.home=" + dir.resolve("home"));
      command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
      command.add("-Drocketmq.home.dir=" + dir);
      command.add("-DRMQ_PROXY_HOME=" + dir);
      command.add("-cp");
      command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
      command.add("io.steadfast.testkit.server.ServerMain");
      command.addAll(args);
      Path output = dir.resolve(name + ".out");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.environment().remove("ROCKETMQ_HOME");
      builder.redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()));
      ChildServer child = new ChildServer(name, builder.start(), output);
      child.awaitReady();
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void awaitReady() {
    try {
      ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kill();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new EmbeddedRocketMQException(name + " did not start: " + cause.getMessage(), output());
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
      throw new EmbeddedRocketMQException(name + " start interrupted", output());
    }
  }

  /** Values the server reported when it became ready (ports, ids). */
  Map<String, String> readyInfo() {
    return ready.join();
  }

  /** Sends one command and waits for its result. */
  String call(String verb, Object... args) {
    String id = String.valueOf(ids.incrementAndGet());
    CompletableFuture<String> reply = new CompletableFuture<>();
    pending.put(id, reply);
    StringBuilder line = new StringBuilder(id).append(' ').append(verb);
    for (Object arg : args) {
      line.append(' ').append(arg);
    }
    try {
      synchronized (stdin) {
        stdin.write(line.append('\n').toString());
        stdin.flush();
      }
      return reply.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new EmbeddedRocketMQException(
          name + ": " + verb + " failed: " + cause.getMessage(), output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedRocketMQException(name + ": " + verb + " interrupted", output());
    } finally {
      pending.remove(id);
    }
  }

  /** Asks the server to exit by closing its stdin, and waits for it. */
  void stop() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException alreadyGone) {
      log.debug("{}: stdin already closed", name, alreadyGone);
    }
    awaitExit(30);
  }

  /** SIGKILL: the server dies at once, mid-write, like a crashed machine's process. */
  void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the child printed so far (stdout lines that are not protocol, and stderr). */
  String output() {
    try {
      return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  private void awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(seconds, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(Protocol.PREFIX)) {
          onProtocolLine(line.substring(Protocol.PREFIX.length()));
        } else {
          Files.writeString(
              outputFile,
              line + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
      }
    } catch (IOException e) {
      log.debug("{}: stdout closed", name, e);
    }
  }

  private void onProtocolLine(String line) {
    String[] parts = line.split(" ", 3);
    switch (parts[0]) {
      case "READY" -> ready.complete(parseInfo(line.substring("READY".length()).trim()));
      case "FAILED" ->
          ready.completeExceptionally(
              new IllegalStateException(line.substring("FAILED".length()).trim()));
      case "OK" -> complete(parts[1], parts.length > 2 ? parts[2] : "", null);
      case "ERR" -> complete(parts[1], null, parts.length > 2 ? parts[2] : "error");
      default -> log.warn("{}: unknown protocol line {}", name, line);
    }
  }

  private void complete(String id, String result, String error) {
    CompletableFuture<String> reply = pending.get(id);
    if (reply == null) {
      return;
    }
    if (error == null) {
      reply.complete(result);
    } else {
      reply.completeExceptionally(new IllegalStateException(error));
    }
  }

  private void failPending() {
    IllegalStateException exited =
        new IllegalStateException(name + " exited with code " + process.exitValue());
    ready.completeExceptionally(exited);
    pending.values().forEach(reply -> reply.completeExceptionally(exited));
  }

  private static Map<String, String> parseInfo(String info) {
    Map<String, String> values = new HashMap<>();
    for (String pair : info.split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return values;
  }
}
