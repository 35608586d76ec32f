package io.steadfast.consume;

import io.steadfast.store.Claim;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link MessageContext} handed to a handler. */
final class DeliveryContext implements MessageContext {
  private final IncomingMessage message;
  private final String dedupKey;
  private final Claim claim;
  private final LeaseKeeper leases;
  private final LeaseKeeper.InvisibilityExtender extender;

  /**
   * @param claim the held claim, or {@code null} when there is none to renew (transactional mode,
   *     fail-open)
   */
  DeliveryContext(
      IncomingMessage message,
      String dedupKey,
      Claim claim,
      LeaseKeeper leases,
      LeaseKeeper.InvisibilityExtender extender) {
    this.message = message;
    this.dedupKey = dedupKey;
    this.claim = claim;
    this.leases = leases;
    this.extender = extender;
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
    if (claim != null) {
      leases.renew(claim, extender, extension, extension);
    }
  }
}
