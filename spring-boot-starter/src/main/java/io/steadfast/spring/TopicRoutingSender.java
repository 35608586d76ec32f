package io.steadfast.spring;

import io.steadfast.Steadfast;
import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendAck;
import io.steadfast.produce.SenderConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The sender behind every generated producer bean: each message goes through the sender of its
 * topic, one started for each {@code steadfast.sender.topics.<topic>} override, else the default
 * one. Closing it closes them all, each waiting for its sends in flight.
 */
final class TopicRoutingSender implements ReliableSender {
  private final ReliableSender defaults;
  private final Map<String, ReliableSender> byTopic;

  private TopicRoutingSender(ReliableSender defaults, Map<String, ReliableSender> byTopic) {
    this.defaults = defaults;
    this.byTopic = byTopic;
  }

  /**
   * Starts the default sender and one per overridden topic.
   *
   * @throws InvalidSettingException if a retry setting is invalid
   */
  static TopicRoutingSender start(
      SenderProperties properties, ClientSettings client, SteadfastMetrics metrics, Codecs codecs) {
    SenderConfig defaultConfig =
        config(properties, new SenderProperties.Topic(), "steadfast.sender.", client)
            .metrics(metrics)
            .codecs(codecs)
            .build();
    Map<String, SenderConfig> topicConfigs = new LinkedHashMap<>();
    properties
        .getTopics()
        .forEach(
            (topic, overrides) ->
                topicConfigs.put(
                    topic,
                    config(properties, overrides, "steadfast.sender.topics." + topic + ".", client)
                        .topics(topic)
                        .metrics(metrics)
                        .codecs(codecs)
                        .build()));
    ReliableSender defaults = Steadfast.sender(defaultConfig);
    TopicRoutingSender sender = new TopicRoutingSender(defaults, new LinkedHashMap<>());
    try {
      topicConfigs.forEach((topic, config) -> sender.byTopic.put(topic, Steadfast.sender(config)));
    } catch (RuntimeException e) {
      sender.close();
      throw e;
    }
    return sender;
  }

  private static SenderConfig.Builder config(
      SenderProperties d, SenderProperties.Topic t, String prefix, ClientSettings client) {
    int attempts = or(t.getMaxAttempts(), d.getMaxAttempts());
    Duration initial = or(t.getInitialBackoff(), d.getInitialBackoff());
    Duration max = or(t.getMaxBackoff(), d.getMaxBackoff());
    Duration deadline = or(t.getDeadline(), d.getDeadline());
    int maxInFlight = or(t.getMaxInFlight(), d.getMaxInFlight());
    RetryPolicy retry;
    try {
      retry = new RetryPolicy(attempts, initial, max, deadline);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          prefix + "*",
          "invalid retry policy: " + e.getMessage(),
          "set max-attempts >= 1, 0 <= initial-backoff <= max-backoff and a positive deadline"
              + " under "
              + prefix
              + ".",
          e);
    }
    return SenderConfig.builder(client)
        .retryPolicy(retry)
        .maxInFlight(SettingChecks.atLeast(prefix + "max-in-flight", maxInFlight, 1))
        .brokerFlushTimeout(d.getBrokerFlushTimeout())
        .brokerReplicationTimeout(d.getBrokerReplicationTimeout());
  }

  private static <T> T or(T override, T fallback) {
    return override != null ? override : fallback;
  }

  private ReliableSender senderFor(OutgoingMessage message) {
    return byTopic.getOrDefault(message.topic(), defaults);
  }

  @Override
  public SendAck send(OutgoingMessage message) {
    return senderFor(message).send(message);
  }

  @Override
  public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
    return senderFor(message).sendAsync(message);
  }

  @Override
  public void close() {
    byTopic.values().forEach(ReliableSender::close);
    defaults.close();
  }
}
