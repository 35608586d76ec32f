package io.steadfast.consume;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a handler may know about the message it is handling, and a way to extend its lease. */
public interface MessageContext {
  String messageId();

  String topic();

  Optional<String> tag();

  List<String> keys();

  /** Dedup key this message was claimed under. */
  String dedupKey();

  /** 1 on first delivery, 2 on the first redelivery, and so on. */
  int deliveryAttempt();

  /** User properties of the message (including {@code steadfast-id}). */
  Map<String, String> properties();

  /** Extends both the store lease and the broker's invisible duration for a long handler. */
  void renewLease(Duration extension);
}
