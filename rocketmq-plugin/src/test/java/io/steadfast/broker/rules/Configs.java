package io.steadfast.broker.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds settings from "key=value" strings for table-driven rule tests. */
final class Configs {

  /** A compliant SYNC_MASTER of a master/slave pair. */
  static final String COMPLIANT_MASTER =
      "flushDiskType=SYNC_FLUSH;brokerRole=SYNC_MASTER;inSyncReplicas=2;totalReplicas=2";

  private Configs() {}

  /** Parses "k=v;k=v" (a value may contain ";" not followed by "key="; empty gives defaults). */
  static Map<String, String> map(String pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : pairs.split(";(?=[A-Za-z]+=)")) {
      if (!pair.isBlank()) {
        int eq = pair.indexOf('=');
        map.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return map;
  }

  /** The compliant master with some keys overridden. */
  static BrokerSettings masterWith(String overrides) {
    Map<String, String> map = map(COMPLIANT_MASTER);
    map.putAll(map(overrides));
    return BrokerSettings.of(map);
  }
}
