package io.steadfast.spring;

import io.steadfast.consume.HandlerTransactions;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Handler transactions of the application's transaction manager over its DataSource, when it has
 * one of each; {@link SteadfastConsumers} uses them for groups with {@code transactional=true} when
 * the dedup store is transactional.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
    name = {
      "org.springframework.jdbc.datasource.DataSourceUtils",
      "org.springframework.transaction.PlatformTransactionManager"
    })
@ConditionalOnSingleCandidate(DataSource.class)
class HandlerTransactionsConfiguration {
  @Bean
  @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
  @ConditionalOnMissingBean(HandlerTransactions.class)
  SpringHandlerTransactions steadfastHandlerTransactions(
      PlatformTransactionManager transactionManager, DataSource dataSource) {
    return new SpringHandlerTransactions(transactionManager, dataSource);
  }
}
