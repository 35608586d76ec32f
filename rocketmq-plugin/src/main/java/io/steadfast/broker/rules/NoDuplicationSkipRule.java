package io.steadfast.broker.rules;

import java.util.List;

/** {@code duplicationEnable=false}: with it, a SYNC_MASTER stops waiting for its slaves. */
public final class NoDuplicationSkipRule implements Rule {

  @Override
  public String name() {
    return "no-duplication-skip";
  }

  @Override
  public List<Violation> check(BrokerSettings settings) {
    if (!settings.getBoolean(BrokerSettings.DUPLICATION_ENABLE)) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            BrokerSettings.DUPLICATION_ENABLE,
            settings.describe(BrokerSettings.DUPLICATION_ENABLE),
            "false",
            "duplicationEnable=true makes the commit log skip the replication wait, so writes are"
                + " acked with a single copy.",
            "false"));
  }
}
