package io.steadfast.benchmarks.scale;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.TopicType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How consumption grows with consumer JVMs: 1, 2 and 4 JVMs ({@link ScalingConsumer}, batch mode,
 * two loops each) in one group drain a backlog of n 1 KiB messages on a topic with 8 queues, each
 * count on a topic and group of its own. Timed from the moment every JVM has started its consumer
 * to the n-th message handled; reports msg/s and dedup-store calls per message. Arguments: n
 * (default 20000), store ({@code redis} or {@code postgresql}; default redis). Run by hand, see
 * docs/benchmarks.md.
 */
public final class ConsumerScaling {
  private static final int[] JVMS = {1, 2, 4};
  private static final byte[] BODY = new byte[1024];

  private ConsumerScaling() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String store = args.length > 1 ? args[1] : "redis";
    EmbeddedRocketMQ.Builder spec = EmbeddedRocketMQ.builder();
    for (int jvms : JVMS) {
      spec.topic("scale-" + jvms, TopicType.NORMAL, 8).consumerGroup("g-scale-" + jvms, 16);
    }
    try (EmbeddedRocketMQ mq = spec.start();
        RedisServer redis = RedisServer.start()) {
      ClientSettings client = ClientSettings.builder(mq.endpoint()).build();
      try (ReliableSender sender =
          Steadfast.sender(SenderConfig.builder(client).maxInFlight(512).build())) {
        for (int jvms : JVMS) {
          send(sender, "scale-" + jvms, n);
        }
      }
      System.out.printf("| consumer JVMs | msg/s | store calls per message | %s store%n", store);
      for (int jvms : JVMS) {
        String name = TestDatabases.uniqueName("scale");
        String location = store.equals("redis") ? redis.uri() : "postgresql";
        drain(mq.endpoint(), jvms, n, store, location, name);
        if (store.equals("postgresql")) {
          TestDatabases.postgres().dropTable(name);
        }
      }
    }
  }

  private static void send(ReliableSender sender, String topic, int n) throws Exception {
    List<CompletableFuture<?>> sends = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sends.add(
          sender.sendAsync(
              OutgoingMessage.builder(topic).key(topic + "-" + i).payload(BODY).build()));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
  }

  /** Starts the JVMs, times the drain, prints one table row and kills them. */
  private static void drain(
      String endpoint, int jvms, int n, String store, String location, String name)
      throws Exception {
    AtomicLongArray processed = new AtomicLongArray(jvms);
    AtomicLongArray calls = new AtomicLongArray(jvms);
    CountDownLatch ready = new CountDownLatch(jvms);
    List<Process> children = new ArrayList<>();
    try {
      for (int i = 0; i < jvms; i++) {
        Process child =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ScalingConsumer.class.getName(),
                    endpoint,
                    "g-scale-" + jvms,
                    "scale-" + jvms,
                    store,
                    location,
                    name)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        children.add(child);
        int index = i;
        Thread reader =
            new Thread(() -> follow(child, index, processed, calls, ready), "scaling-child-" + i);
        reader.setDaemon(true);
        reader.start();
      }
      if (!ready.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the consumer JVMs did not start within 2 minutes");
      }
      long start = System.nanoTime();
      while (sum(processed) < n) {
        Thread.sleep(50);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
          throw new IllegalStateException("only " + sum(processed) + " of " + n + " handled");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(400); // one more progress line each, with the calls of the last batches
      System.out.printf(
          "| %d | %.0f | %.3f |%n", jvms, n / seconds, (double) sum(calls) / sum(processed));
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  private static void follow(
      Process child,
      int index,
      AtomicLongArray processed,
      AtomicLongArray calls,
      CountDownLatch ready) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals("ready")) {
          ready.countDown();
        } else if (line.startsWith("processed ")) {
          String[] parts = line.split(" ");
          processed.set(index, Long.parseLong(parts[1]));
          calls.set(index, Long.parseLong(parts[3]));
        }
      }
    } catch (Exception e) {
      // the child was killed: its last line counts
    }
  }

  private static long sum(AtomicLongArray values) {
    long sum = 0;
    for (int i = 0; i < values.length(); i++) {
      sum += values.get(i);
    }
    return sum;
  }
}
