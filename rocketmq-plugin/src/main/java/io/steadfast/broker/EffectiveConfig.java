package io.steadfast.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.broker.BrokerPathConfigHelper;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.store.plugin.MessageStorePluginContext;

/**
 * The running broker's configuration as the plain key → value map the rules read: every field of
 * {@code BrokerConfig} and {@code MessageStoreConfig} (what RocketMQ really uses), plus the {@code
 * steadfast*} keys, which RocketMQ's config objects drop: they come from the broker's config file
 * ({@code mqbroker -c FILE}), else from JVM system properties ({@code -DsteadfastMode=audit}).
 *
 * @param values the merged map
 * @param source a readable description of where the Steadfast keys came from
 */
record EffectiveConfig(Map<String, String> values, String source) {

  static EffectiveConfig of(MessageStorePluginContext context) {
    Map<String, String> values = new HashMap<>();
    copy(MixAll.object2Properties(context.getBrokerConfig()), values);
    copy(MixAll.object2Properties(context.getMessageStoreConfig()), values);
    Path file = Path.of(BrokerPathConfigHelper.getBrokerConfigPath());
    boolean hasFile = Files.isRegularFile(file);
    SteadfastKeys.merge(values, hasFile ? load(file) : new Properties(), System.getProperties());
    String source =
        hasFile
            ? file.toString()
            : "no config file at " + file + "; JVM system properties and defaults";
    return new EffectiveConfig(values, source);
  }

  private static void copy(Properties properties, Map<String, String> into) {
    properties.stringPropertyNames().forEach(k -> into.put(k, properties.getProperty(k)));
  }

  /** Reads the file as {@code mqbroker -c} does (Properties, ISO-8859-1). */
  private static Properties load(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Steadfast cannot read the broker config file " + file, e);
    }
    return properties;
  }
}
