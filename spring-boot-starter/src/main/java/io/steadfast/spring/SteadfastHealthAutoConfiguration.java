package io.steadfast.spring;

import io.steadfast.store.IdempotencyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code steadfast} ({@link SteadfastHealthIndicator}); off with
 * {@code management.health.steadfast.enabled=false}.
 */
@AutoConfiguration(after = SteadfastAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("steadfast")
public class SteadfastHealthAutoConfiguration {
  /** Named so that Actuator shows it as {@code steadfast}. */
  @Bean
  @ConditionalOnMissingBean(name = "steadfastHealthIndicator")
  public SteadfastHealthIndicator steadfastHealthIndicator(
      ObjectProvider<IdempotencyStore> store, ObjectProvider<SteadfastConsumers> consumers) {
    return new SteadfastHealthIndicator(store, consumers);
  }
}
