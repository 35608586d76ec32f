package io.steadfast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A client whose close() never returns (rocketmq-client-java 5.0.8 after broken connections). */
class ClientCloseTest {

  @Test
  void aClientThatNeverFinishesClosingDoesNotHangItsCaller() {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    Closeable stuck =
        () -> {
          entered.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> ClientClose.within(stuck, Duration.ofMillis(300), "stuck client"));
    assertThat(entered.getCount()).isZero();
    never.countDown();
  }
}
