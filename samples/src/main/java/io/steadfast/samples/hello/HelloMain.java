package io.steadfast.samples.hello;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The smallest Steadfast program: an annotated producer and consumer, dedup records in an H2 file.
 * The greeting "1" is sent twice and handled once. README.md shows this file as it is.
 */
public final class HelloMain {
  private HelloMain() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Sends three greetings, one of them twice; returns what the consumer counted. */
  public static CountingMetrics run(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("steadfast-hello-");
    // A real RocketMQ 5 (NameServer, broker, proxy) from steadfast-testkit; in production, yours.
    try (EmbeddedRocketMQ mq =
        EmbeddedRocketMQ.builder()
            .topic("greetings")
            .consumerGroup("greeter", 16)
            .baseDir(dir)
            .start()) {
      ClientSettings client = ClientSettings.builder(mq.endpoint()).build(); // proxy host:port
      CountingMetrics metrics = new CountingMetrics();
      Greeter greeter = greeting -> out.println("handled: " + greeting.text());
      try (MyBatisIdempotencyStore store = MyBatisIdempotencyStore.h2File(dir.resolve("dedup"));
          RunningConsumer consumer =
              Steadfast.consumer(
                  Greeter.class,
                  greeter,
                  ConsumerConfig.builder(client, store).metrics(metrics).build());
          ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        Greetings greetings = Steadfast.producer(Greetings.class, sender);
        greetings.hello("1", new Greeting("1", "hello")); // returns once the broker acked it
        greetings.hello("1", new Greeting("1", "hello")); // the same @Key again: handled once
        greetings.hello("2", new Greeting("2", "bonjour"));
        greetings.hello("3", new Greeting("3", "hallo"));
        mq.awaitDrained("greeter", "greetings", Duration.ofSeconds(60)); // all four acked
      }
      long handled = metrics.processedCount();
      out.println("handled " + handled + ", suppressed " + metrics.duplicatesSuppressedCount());
      return metrics;
    }
  }
}
