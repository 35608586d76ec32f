package io.steadfast.samples.hello;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.TopicType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest Steadfast program: an annotated producer and consumer on an embedded RocketMQ
 * broker, dedup records in an H2 file. The greeting "1" is sent twice and handled once.
 */
public final class HelloMain {
  private HelloMain() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /**
   * Sends three greetings (one of them twice), waits until all four messages were handled or
   * suppressed, and returns what the consumer handled.
   */
  public static List<String> run(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("steadfast-hello-");
    try (EmbeddedRocketMQ mq =
        EmbeddedRocketMQ.builder().topic("greetings", TopicType.NORMAL, 1).consumerGroup("greeter", 16)
            .baseDir(dir).start()) {
      ClientSettings client = ClientSettings.builder(mq.endpoint()).build();
      List<String> handled = new CopyOnWriteArrayList<>();
      AtomicInteger suppressed = new AtomicInteger();
      SteadfastMetrics metrics =
          new SteadfastMetrics() {
            @Override
            public void duplicateSuppressed(String group, String topic) {
              suppressed.incrementAndGet();
            }
          };
      Greeter greeter =
          greeting -> {
            handled.add(greeting.id());
            out.println("handled: " + greeting.text());
          };
      try (MyBatisIdempotencyStore store = MyBatisIdempotencyStore.h2File(dir.resolve("dedup"));
          RunningConsumer consumer =
              Steadfast.consumer(
                  Greeter.class, greeter, ConsumerConfig.builder(client, store).metrics(metrics).build());
          ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        Greetings greetings = Steadfast.producer(Greetings.class, sender);
        greetings.hello("1", new Greeting("1", "hello"));
        greetings.hello("1", new Greeting("1", "hello")); // a re-send: handled only once
        greetings.hello("2", new Greeting("2", "bonjour"));
        greetings.hello("3", new Greeting("3", "hallo"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (handled.size() + suppressed.get() < 4 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      out.println("handled " + handled.size() + " greetings " + handled + ", suppressed " + suppressed + " duplicate");
      return List.copyOf(handled);
    }
  }
}
