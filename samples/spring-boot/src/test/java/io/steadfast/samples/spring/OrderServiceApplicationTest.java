package io.steadfast.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the sample as the README's command does, over the gRPC proxy and over the classic remoting
 * client: every order charged exactly once.
 */
class OrderServiceApplicationTest {
  @ParameterizedTest
  @ValueSource(strings = {"grpc", "remoting"})
  void everyOrderIsChargedOnce(String transport) {
    assertThat(
            OrderServiceApplication.run(
                "--sample.orders=10", "--sample.interval=100ms", "--sample.transport=" + transport))
        .isTrue();
  }
}
