package io.steadfast.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the sample as the README's command does: every order charged exactly once. */
class OrderServiceApplicationTest {
  @Test
  void everyOrderIsChargedOnce() {
    assertThat(OrderServiceApplication.run("--sample.orders=10", "--sample.interval=100ms"))
        .isTrue();
  }
}
