package io.steadfast.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hello sample's generated producer ({@code Greetings_ReliableProducer}) and consumer ({@code
 * Greeter}'s definition), unchanged, over the gRPC proxy and over the classic remoting client, in
 * both consumer modes: every greeting sent twice under one id is handled once.
 */
class HelloOnBothTransportsTest {
  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      new EmbeddedRocketMQExtension(
          EmbeddedRocketMQ.builder()
              .topic("greetings", TopicType.NORMAL, 4)
              .consumerGroup("greeter", 3));

  /** One group, one store, as one deployment: a copy left by an earlier case is suppressed. */
  private static final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();

  static Stream<Arguments> transportsAndModes() {
    return Stream.of(
        Arguments.of("grpc", Mode.PUSH),
        Arguments.of("grpc", Mode.BATCH),
        Arguments.of("remoting", Mode.PUSH),
        Arguments.of("remoting", Mode.BATCH));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndModes")
  void eachGreetingIsHandledOnce(String transport, Mode mode) {
    EmbeddedRocketMQ mq = MQ.cluster();
    ClientSettings client =
        transport.equals("grpc")
            ? ClientSettings.builder(mq.endpoint()).build()
            : ClientSettings.nameServer(mq.nameServerAddress()).build();
    String run = transport + "-" + mode + "-" + UUID.randomUUID() + "-";
    List<String> ids = Stream.iterate(0, i -> i + 1).limit(20).map(i -> run + i).toList();
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    Greeter greeter =
        greeting -> {
          if (greeting.id().startsWith(run)) {
            handled.computeIfAbsent(greeting.id(), id -> new AtomicInteger()).incrementAndGet();
          }
        };
    try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
        RunningConsumer consumer =
            Steadfast.consumer(
                Greeter.class,
                greeter,
                ConsumerConfig.builder(client, store)
                    .mode(mode)
                    .awaitDuration(Duration.ofSeconds(1))
                    .invisibleDuration(Duration.ofSeconds(5)) // a copy left unacked returns soon
                    .build())) {
      Greetings greetings = Steadfast.producer(Greetings.class, sender);
      for (String id : ids) {
        greetings.hello(id, new Greeting(id, "hello"));
        greetings.hello(id, new Greeting(id, "hello again")); // same key: a duplicate
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.keySet().containsAll(ids));
      mq.awaitDrained("greeter", "greetings", Duration.ofSeconds(60)); // the copies too
    }
    assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
  }
}
