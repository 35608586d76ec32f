package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.internal.ConsumerDefinitions;
import io.steadfast.internal.SubscriptionRules;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;

/** Finds the binding for a message's topic and tag, and the subscriptions that feed them. */
final class Routes {
  private final Map<String, Map<String, HandlerBinding<?>>> byTopicAndTag = new LinkedHashMap<>();

  Routes(ConsumerDefinition definition) {
    ConsumerDefinitions.requireValid(definition);
    for (HandlerBinding<?> b : definition.handlers()) {
      byTopicAndTag.computeIfAbsent(b.topic(), t -> new HashMap<>()).put(b.tag(), b);
    }
  }

  /** The binding for this topic and tag (exact tag first, then {@code *}), or {@code null}. */
  HandlerBinding<?> find(String topic, String tag) {
    Map<String, HandlerBinding<?>> byTag = byTopicAndTag.get(topic);
    if (byTag == null) {
      return null;
    }
    HandlerBinding<?> exact = tag == null ? null : byTag.get(tag);
    return exact != null ? exact : byTag.get(SubscriptionRules.ANY_TAG);
  }

  /** One tag expression per topic: {@code *} if any binding takes every tag, else {@code a||b}. */
  Map<String, String> tagExpressions() {
    Map<String, String> result = new LinkedHashMap<>();
    byTopicAndTag.forEach(
        (topic, byTag) ->
            result.put(
                topic,
                byTag.containsKey(SubscriptionRules.ANY_TAG)
                    ? SubscriptionRules.ANY_TAG
                    : String.join("||", new TreeSet<>(byTag.keySet()))));
    return result;
  }

  /** {@link #tagExpressions} for rocketmq-client-java. */
  Map<String, FilterExpression> subscriptions() {
    Map<String, FilterExpression> result = new LinkedHashMap<>();
    tagExpressions()
        .forEach(
            (topic, tags) ->
                result.put(topic, new FilterExpression(tags, FilterExpressionType.TAG)));
    return result;
  }

  List<HandlerBinding<?>> all() {
    return byTopicAndTag.values().stream().flatMap(m -> m.values().stream()).toList();
  }
}
