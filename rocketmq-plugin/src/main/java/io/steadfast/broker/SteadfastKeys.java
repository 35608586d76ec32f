package io.steadfast.broker;

import io.steadfast.broker.rules.BrokerSettings;
import java.util.Map;
import java.util.Properties;

/**
 * Where the plugin's own {@code steadfast*} keys come from, since RocketMQ's config objects drop
 * them: the broker's config file first, then JVM system properties of the same name.
 */
final class SteadfastKeys {

  private SteadfastKeys() {}

  /**
   * Adds the Steadfast keys to {@code values}.
   *
   * @param configFile the broker's config file (empty when there is none)
   * @param system the JVM's system properties
   */
  static void merge(Map<String, String> values, Properties configFile, Properties system) {
    configFile.stringPropertyNames().stream()
        .filter(k -> k.startsWith(BrokerSettings.PREFIX))
        .forEach(k -> values.put(k, configFile.getProperty(k)));
    for (String key : BrokerSettings.steadfastKeys()) {
      String fromJvm = system.getProperty(key);
      if (fromJvm != null) {
        values.putIfAbsent(key, fromJvm);
      }
    }
  }
}
