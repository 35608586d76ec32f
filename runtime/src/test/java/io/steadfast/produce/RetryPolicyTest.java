package io.steadfast.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void backoffDoublesWithJitterAndIsCapped() {
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoffAfter(1).toMillis()).isBetween(50L, 100L);
      assertThat(policy.backoffAfter(3).toMillis()).isBetween(200L, 400L);
      assertThat(policy.backoffAfter(9).toMillis()).isBetween(1000L, 2000L);
      assertThat(policy.backoffAfter(64).toMillis()).isBetween(1000L, 2000L);
    }
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(
            () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
