package io.steadfast.internal.produce;

import static io.steadfast.internal.produce.SenderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steadfast.metrics.MicrometerMetrics;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.junit.jupiter.api.Test;

/** Every send ends in exactly one send outcome, retries counted apart, as Micrometer meters. */
class SendMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private SenderConfig withMeters(int attempts) {
    return SenderFixtures.config(attempts, 8, Duration.ofSeconds(30))
        .metrics(new MicrometerMetrics(registry))
        .build();
  }

  private double sends(String outcome) {
    var counter =
        registry
            .find(MicrometerMetrics.SENDS)
            .tags("topic", "orders", "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void ackedAndFailedSendsAreCountedOnceWithTheirRetries() {
    ScriptedProducer producer =
        new ScriptedProducer()
            .thenFail(new ProxyTimeoutException(50401, "r", "flush timeout"))
            .then(() -> ScriptedProducer.ack(2))
            .thenFail(new TooManyRequestsException(42900, "r", "busy"))
            .thenFail(new TooManyRequestsException(42900, "r", "busy"));
    try (RocketMqReliableSender sender = RocketMqReliableSender.over(producer, withMeters(2))) {
      sender.send(order("o-1"));
      assertThatThrownBy(() -> sender.send(order("o-2"))).isInstanceOf(SendFailedException.class);
    }
    assertThat(sends("acked")).isEqualTo(1);
    assertThat(sends("not_stored")).isEqualTo(1);
    assertThat(sends("maybe_stored")).isZero();
    assertThat(
            registry.get(MicrometerMetrics.SEND_RETRIES).tag("topic", "orders").counter().count())
        .isEqualTo(2);
  }

  @Test
  void aSendRefusedBeforeItStartedIsCountedToo() {
    RocketMqReliableSender sender =
        RocketMqReliableSender.over(new ScriptedProducer(), withMeters(2));
    sender.close();
    assertThatThrownBy(() -> sender.send(order("o-3"))).isInstanceOf(SendFailedException.class);
    assertThat(sends("not_stored")).isEqualTo(1);
  }
}
