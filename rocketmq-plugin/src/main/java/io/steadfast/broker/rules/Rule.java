package io.steadfast.broker.rules;

import java.util.List;

/** One durability rule over a single broker's settings. */
public interface Rule {

  /** A short stable name, shown in every message and in JSON output. */
  String name();

  /** The violations of this rule; empty when the settings comply (or the rule does not apply). */
  List<Violation> check(BrokerSettings settings);
}
