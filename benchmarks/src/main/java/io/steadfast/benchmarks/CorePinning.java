package io.steadfast.benchmarks;

import java.io.IOException;
import java.util.List;

/**
 * With {@code -Dbench.pin=true}, pins the processes this JVM started (the embedded cluster, Redis)
 * to the first core and this JVM, the client, to the last, with {@code taskset}: on a 2-core
 * machine the client then never competes with the brokers for a core, so runs are comparable.
 */
public final class CorePinning {
  private CorePinning() {}

  /** Pins as described if asked; prints what it did. */
  public static void pinIfAsked() throws IOException, InterruptedException {
    if (!Boolean.getBoolean("bench.pin")) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      throw new IllegalStateException("-Dbench.pin=true needs 2 cores or more, found " + cores);
    }
    String servers = cores == 2 ? "0" : "0-" + (cores - 2);
    String client = String.valueOf(cores - 1);
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    for (ProcessHandle child : children) {
      taskset(servers, child.pid());
    }
    taskset(client, ProcessHandle.current().pid());
    System.out.printf(
        "pinned %d server process(es) to core(s) %s, this client to core %s%n",
        children.size(), servers, client);
  }

  private static void taskset(String cores, long pid) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("taskset", "-a", "-p", "-c", cores, String.valueOf(pid))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("taskset -a -p -c " + cores + " " + pid + " failed");
    }
  }
}
