package io.steadfast.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.redis.JedisIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GreeterTest {
  @RegisterExtension // one cluster for the whole class: it starts in 5-10 s
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH) // default ASYNC_FLUSH
              .topic("greetings", TopicType.NORMAL, 4) // NORMAL, FIFO, DELAY, TRANSACTION
              .consumerGroup("greeter", 3)); // 3 delivery attempts, then %DLQ%greeter

  @Test
  void anAckedGreetingSurvivesABrokerCrashAndIsHandledOnce() throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client = ClientSettings.builder(mq.endpoint()).build();
    // Retries for up to 60 s: after a broker restart the client reconnects within seconds.
    RetryPolicy patient =
        new RetryPolicy(20, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60));
    String id = UUID.randomUUID().toString(); // a Redis from STEADFAST_REDIS_URL outlives test runs
    List<String> handled = new CopyOnWriteArrayList<>();
    Greeter greeter = greeting -> handled.add(greeting.id());
    // RedisServer: the one of STEADFAST_REDIS_URL, else redis-server from the PATH, on a free port
    try (RedisServer redis = RedisServer.start();
        JedisIdempotencyStore store =
            JedisIdempotencyStore.builder().standalone(redis.uri()).build();
        ReliableSender sender =
            Steadfast.sender(SenderConfig.builder(client).retryPolicy(patient).build())) {
      Greetings greetings = Steadfast.producer(Greetings.class, sender);
      greetings.hello(id, new Greeting(id, "hello"));
      mq.killBroker(); // SIGKILL of the broker's JVM (the proxy dies with it)
      mq.restartBroker(); // same store, same ports
      greetings.hello(id, new Greeting(id, "hello")); // the application sends it again
      ConsumerConfig config = ConsumerConfig.builder(client, store).build();
      try (RunningConsumer consumer = Steadfast.consumer(Greeter.class, greeter, config)) {
        mq.awaitDrained("greeter", "greetings", Duration.ofSeconds(60)); // both copies acked
      }
    }
    assertThat(mq.messageCount("greetings")).isGreaterThanOrEqualTo(2); // a retry may add a copy
    assertThat(handled).containsExactly(id);
  }
}
