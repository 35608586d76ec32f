package io.steadfast.broker.rules;

import java.util.List;

/** {@code transientStorePoolEnable=false}: writes go straight to the memory-mapped commit log. */
public final class TransientStorePoolRule implements Rule {

  @Override
  public String name() {
    return "no-transient-store-pool";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (!settings.getBoolean(BrokerSettings.TRANSIENT_STORE_POOL_ENABLE)) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.TRANSIENT_STORE_POOL_ENABLE,
            settings.describe(BrokerSettings.TRANSIENT_STORE_POOL_ENABLE),
            "false",
            "messages first sit in an off-heap buffer that a background service commits to the"
                + " file later; RocketMQ 4 refused it together with SYNC_FLUSH, and a crash loses"
                + " what the buffer holds.",
            "false"));
  }
}
