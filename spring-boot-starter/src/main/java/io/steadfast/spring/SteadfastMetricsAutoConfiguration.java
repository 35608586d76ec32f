package io.steadfast.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.steadfast.metrics.MicrometerMetrics;
import io.steadfast.metrics.SteadfastMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Exports what senders and consumers report as Micrometer meters ({@link MicrometerMetrics}) when
 * the application has a {@link MeterRegistry}, e.g. through spring-boot-starter-actuator.
 */
@AutoConfiguration(
    before = SteadfastAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class SteadfastMetricsAutoConfiguration {
  /** Meters {@code steadfast.consumer.messages}, {@code steadfast.store.calls} and the sends. */
  @Bean
  @ConditionalOnMissingBean(SteadfastMetrics.class)
  public MicrometerMetrics steadfastMetrics(MeterRegistry registry) {
    return new MicrometerMetrics(registry);
  }
}
