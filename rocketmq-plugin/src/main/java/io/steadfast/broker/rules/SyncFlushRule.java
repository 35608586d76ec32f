package io.steadfast.broker.rules;

import java.util.List;

/** {@code flushDiskType=SYNC_FLUSH}: a message is on disk before it is acked. */
public final class SyncFlushRule implements Rule {

  @Override
  public String name() {
    return "sync-flush";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (BrokerSettings.SYNC_FLUSH.equals(settings.get(BrokerSettings.FLUSH_DISK_TYPE))) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.FLUSH_DISK_TYPE,
            settings.describe(BrokerSettings.FLUSH_DISK_TYPE),
            BrokerSettings.SYNC_FLUSH,
            "ASYNC_FLUSH acks a message while it is only in the page cache; a power loss or kernel"
                + " crash loses acknowledged messages.",
            BrokerSettings.SYNC_FLUSH));
  }
}
