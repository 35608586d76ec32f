package io.steadfast.spring;

import io.steadfast.consume.ConsumerConfig;
import java.time.Duration;
import java.util.List;

/**
 * One consumer group's effective settings: its {@code steadfast.consumer.groups.<group>.*}
 * overrides over the {@code steadfast.consumer.*} defaults, each with the property it came from, so
 * that an invalid value is reported under the name the user set.
 */
final class GroupSettings {
  /** A value and the property that set it. */
  record Setting<T>(String property, T value) {}

  private final String group;
  private final Setting<Boolean> enabled;
  private final Setting<ConsumerConfig.Mode> mode;
  private final Setting<Integer> threads;
  private final Setting<Integer> batchSize;
  private final Setting<Duration> lease;
  private final Setting<Duration> invisibleDuration;
  private final Setting<Duration> awaitDuration;
  private final Setting<Integer> maxAttempts;
  private final Setting<Boolean> failOpen;
  private final Setting<Duration> shutdownTimeout;
  private final Setting<Boolean> ordered;
  private final Setting<Boolean> transactional;

  private GroupSettings(String group, ConsumerProperties defaults, ConsumerProperties.Group g) {
    this.group = group;
    this.enabled =
        g.getEnabled() != null
            ? new Setting<>(groupProperty("enabled"), g.getEnabled())
            : new Setting<>("steadfast.consumer.enabled", defaults.isEnabled());
    this.mode = pick("mode", g.getMode(), defaults.getMode());
    this.threads = pick("threads", g.getThreads(), defaults.getThreads());
    this.batchSize = pick("batch-size", g.getBatchSize(), defaults.getBatchSize());
    this.lease = pick("lease", g.getLease(), defaults.getLease());
    this.invisibleDuration =
        pick("invisible-duration", g.getInvisibleDuration(), defaults.getInvisibleDuration());
    this.awaitDuration = pick("await-duration", g.getAwaitDuration(), defaults.getAwaitDuration());
    this.maxAttempts = pick("max-attempts", g.getMaxAttempts(), defaults.getMaxAttempts());
    this.failOpen = pick("fail-open", g.getFailOpen(), defaults.isFailOpen());
    this.shutdownTimeout =
        pick("shutdown-timeout", g.getShutdownTimeout(), defaults.getShutdownTimeout());
    this.ordered = pick("ordered", g.getOrdered(), defaults.isOrdered());
    this.transactional = pick("transactional", g.getTransactional(), defaults.isTransactional());
  }

  /**
   * The settings of {@code group}, checked; for {@code ""}, the defaults alone.
   *
   * @throws InvalidSettingException naming the first invalid property and its fix
   */
  static GroupSettings resolve(String group, ConsumerProperties properties) {
    ConsumerProperties.Group overrides =
        properties.getGroups().getOrDefault(group, new ConsumerProperties.Group());
    GroupSettings settings = new GroupSettings(group, properties, overrides);
    settings.check();
    return settings;
  }

  String group() {
    return group;
  }

  /** False when {@code enabled=false} turns the group off. */
  boolean enabled() {
    return enabled.value();
  }

  /** Whether the group asks for Spring-managed transactions (when they are possible). */
  boolean transactional() {
    return transactional.value();
  }

  /** The property that turns transactions off for this group. */
  String transactionalProperty() {
    return transactional.property();
  }

  boolean failOpen() {
    return failOpen.value();
  }

  /** Applies every setting to {@code builder}. */
  ConsumerConfig.Builder applyTo(ConsumerConfig.Builder builder) {
    return builder
        .mode(mode.value())
        .threads(threads.value())
        .batchSize(batchSize.value())
        .lease(lease.value())
        .invisibleDuration(invisibleDuration.value())
        .awaitDuration(awaitDuration.value())
        .maxDeliveryAttempts(maxAttempts.value())
        .failOpen(failOpen.value())
        .ordered(ordered.value())
        .shutdownTimeout(shutdownTimeout.value());
  }

  private void check() {
    SettingChecks.atLeast(threads.property(), threads.value(), 1);
    SettingChecks.atLeast(maxAttempts.property(), maxAttempts.value(), 1);
    if (batchSize.value() < 1 || batchSize.value() > 32) {
      throw new InvalidSettingException(
          batchSize.property(),
          "batch size " + batchSize.value() + " is outside 1..32 (the proxy's limit per receive)",
          "set " + batchSize.property() + " between 1 and 32.");
    }
    for (Setting<Duration> d : List.of(lease, invisibleDuration, awaitDuration, shutdownTimeout)) {
      SettingChecks.positive(d.property(), d.value());
    }
    if (lease.value().compareTo(invisibleDuration.value()) < 0) {
      throw new InvalidSettingException(
          lease.property(),
          "the lease "
              + lease.value()
              + (group.isEmpty() ? "" : " of consumer group '" + group + "'")
              + " is shorter than its invisible duration "
              + invisibleDuration.value()
              + " ("
              + invisibleDuration.property()
              + "): a redelivered copy could be processed while the first still runs",
          "raise "
              + lease.property()
              + " to at least "
              + invisibleDuration.value()
              + ", or lower "
              + invisibleDuration.property()
              + ".");
    }
  }

  private <T> Setting<T> pick(String name, T override, T fallback) {
    return override != null
        ? new Setting<>(groupProperty(name), override)
        : new Setting<>("steadfast.consumer." + name, fallback);
  }

  private String groupProperty(String name) {
    return "steadfast.consumer.groups." + group + "." + name;
  }
}
