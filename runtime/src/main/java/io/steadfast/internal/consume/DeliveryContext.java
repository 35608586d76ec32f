package io.steadfast.internal.consume;

import io.steadfast.consume.MessageContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link MessageContext} handed to a handler. */
final class DeliveryContext implements MessageContext {
  private final IncomingMessage message;
  private final String dedupKey;
  private final LeaseKeeper.Hold hold;
  private final LeaseKeeper leases;

  /**
   * @param hold what keeps the message's claim and invisibility alive; null in fail-open mode
   */
  DeliveryContext(
      IncomingMessage message, String dedupKey, LeaseKeeper.Hold hold, LeaseKeeper leases) {
    this.message = message;
    this.dedupKey = dedupKey;
    this.hold = hold;
    this.leases = leases;
  }

  @Override
  public String messageId() {
    return message.messageId();
  }

  @Override
  public String topic() {
    return message.topic();
  }

  @Override
  public Optional<String> tag() {
    return message.tagOptional();
  }

  @Override
  public List<String> keys() {
    return message.keys();
  }

  @Override
  public String dedupKey() {
    return dedupKey;
  }

  @Override
  public int deliveryAttempt() {
    return message.deliveryAttempt();
  }

  @Override
  public Map<String, String> properties() {
    return message.properties();
  }

  @Override
  public void renewLease(Duration extension) {
    if (hold != null) {
      leases.renewNow(hold, extension);
    }
  }
}
