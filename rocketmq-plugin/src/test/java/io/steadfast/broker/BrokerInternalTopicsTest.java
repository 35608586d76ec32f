package io.steadfast.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-sync replica guard must never refuse the broker's own bookkeeping writes: a refused pop
 * checkpoint or retry write means an unacked message is never redelivered (found by the demo).
 */
class BrokerInternalTopicsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rmq_sys_REVIVE_LOG_SteadfastCluster",
        "rmq_sys_wheel_timer",
        "SCHEDULE_TOPIC_XXXX",
        "RMQ_SYS_TRANS_HALF_TOPIC",
        "%RETRY%billing+orders",
        "%RETRY%billing",
        "%DLQ%billing"
      })
  void brokerInternalWritesAreNeverGuarded(String topic) {
    assertThat(BrokerInternalTopics.contains(topic)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "payments", "retry-orders", "rmq-orders"})
  void producerTopicsAreGuarded(String topic) {
    assertThat(BrokerInternalTopics.contains(topic)).isFalse();
  }
}
