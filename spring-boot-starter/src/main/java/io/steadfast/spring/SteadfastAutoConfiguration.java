package io.steadfast.spring;

import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.HandlerTransactions;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.produce.ReliableSender;
import io.steadfast.store.IdempotencyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Steadfast in a Spring Boot application: connection settings, the dedup store, one bean per
 * generated producer over a shared sender, and the consumers of every bean that implements an
 * {@code @IdempotentConsumer} interface. Every bean here backs off when the application defines its
 * own of the same type.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
      "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration"
    })
@EnableConfigurationProperties(SteadfastProperties.class)
@Import({DedupStoreConfiguration.class, HandlerTransactionsConfiguration.class})
public class SteadfastAutoConfiguration {

  /** How senders and consumers reach RocketMQ, from {@code steadfast.connection.*}. */
  @Bean
  @ConditionalOnMissingBean
  public ClientSettings steadfastClientSettings(SteadfastProperties properties) {
    return ClientSettingsFactory.from(properties.getConnection());
  }

  /** Payload codecs (JSON, text, bytes). */
  @Bean
  @ConditionalOnMissingBean
  public Codecs steadfastCodecs() {
    return Codecs.defaults();
  }

  /** No metrics unless Micrometer is there ({@link SteadfastMetricsAutoConfiguration}). */
  @Bean
  @ConditionalOnMissingBean
  public SteadfastMetrics steadfastMetrics() {
    return SteadfastMetrics.NONE;
  }

  /**
   * The sender of every generated producer, started when the first producer bean is created; closed
   * with the context after waiting for its sends in flight.
   */
  @Bean(destroyMethod = "close")
  @Lazy
  @ConditionalOnMissingBean
  public ReliableSender steadfastSender(
      SteadfastProperties properties,
      ClientSettings client,
      SteadfastMetrics metrics,
      Codecs codecs) {
    return TopicRoutingSender.start(properties.getSender(), client, metrics, codecs);
  }

  /** One bean per generated producer listed in the processor's index. */
  @Bean
  public static ProducerBeanRegistrar steadfastProducers() {
    return new ProducerBeanRegistrar();
  }

  /** Starts and stops the consumers with the context. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "steadfast.consumer.enabled", matchIfMissing = true)
  public SteadfastConsumers steadfastConsumers(
      ConfigurableListableBeanFactory beans,
      SteadfastProperties properties,
      ObjectProvider<ClientSettings> client,
      ObjectProvider<IdempotencyStore> store,
      ObjectProvider<HandlerTransactions> transactions,
      SteadfastMetrics metrics,
      Codecs codecs) {
    return new SteadfastConsumers(
        beans,
        beans.getBeanClassLoader(),
        properties,
        client,
        store,
        transactions,
        metrics,
        codecs);
  }
}
