package io.steadfast.internal.produce;

import io.steadfast.config.ClientSettings;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;

/** Configurations and messages shared by the sender tests (the client never connects). */
final class SenderFixtures {
  static final ClientSettings CLIENT = ClientSettings.builder("127.0.0.1:1").build();

  private SenderFixtures() {}

  /** Millisecond backoff within a 30 s deadline. */
  static SenderConfig config(int attempts, int maxInFlight) {
    return config(attempts, maxInFlight, Duration.ofSeconds(30)).build();
  }

  static SenderConfig.Builder config(int attempts, int maxInFlight, Duration deadline) {
    return SenderConfig.builder(CLIENT)
        .retryPolicy(
            new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5), deadline))
        .maxInFlight(maxInFlight);
  }

  static OutgoingMessage order(String key) {
    return OutgoingMessage.builder("orders").tag("created").key(key).payload("body-" + key).build();
  }
}
