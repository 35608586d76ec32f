package io.steadfast.samples.demo;

import io.steadfast.metrics.SteadfastMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Main class of a worker JVM: one more billing consumer in the same group, which the demo kills
 * with SIGKILL while it is inside a handler. Prints {@link WorkerProcess#READY} once consuming; a
 * line {@value #ARM} on stdin makes its next handler call block (announced with {@link
 * DemoFaults#HANDLING}). SIGTERM closes it cleanly.
 */
public final class BillingWorker {
  static final String ARM = "ARM";

  private BillingWorker() {}

  public static void main(String[] args) throws Exception {
    NodeSettings settings = NodeSettings.fromArgs(args);
    DemoFaults faults = new DemoFaults(0);
    BillingNode node = BillingNode.start(settings, faults, SteadfastMetrics.NONE);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    System.out.println(WorkerProcess.READY);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals(ARM)) {
        faults.arm();
      }
    }
    // stdin closed: the demo is gone; stop (the shutdown hook closes the consumer).
    System.exit(0);
  }
}
