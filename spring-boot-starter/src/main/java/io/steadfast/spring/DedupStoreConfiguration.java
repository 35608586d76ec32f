package io.steadfast.spring;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.jdbc.MyBatisIdempotencyStore;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.store.redis.JedisIdempotencyStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dedup store bean, by {@code steadfast.store.type}: jdbc (the default) on the application's
 * DataSource, redis, or memory. An application's own {@link IdempotencyStore} bean replaces it.
 * Spring closes it after the consumers have stopped and before the DataSource is closed.
 */
@Configuration(proxyBeanMethods = false)
class DedupStoreConfiguration {
  private static final String TYPE = "steadfast.store.type";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnProperty(name = TYPE, havingValue = "jdbc", matchIfMissing = true)
  static class Jdbc {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(IdempotencyStore.class)
    MyBatisIdempotencyStore steadfastDedupStore(
        DataSource dataSource, SteadfastProperties properties) {
      StoreProperties.Jdbc jdbc = properties.getStore().getJdbc();
      MyBatisIdempotencyStore.Builder builder = MyBatisIdempotencyStore.builder(dataSource);
      try {
        builder.table(jdbc.getTable());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(
            "steadfast.store.jdbc.table",
            e.getMessage(),
            "use letters, digits and underscores (at most 55 characters).",
            e);
      }
      return builder
          .createTable(jdbc.isCreateTable())
          .statementTimeout(jdbc.getStatementTimeout())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "redis.clients.jedis.UnifiedJedis")
  @ConditionalOnProperty(name = TYPE, havingValue = "redis")
  static class Redis {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(IdempotencyStore.class)
    JedisIdempotencyStore steadfastDedupStore(SteadfastProperties properties) {
      StoreProperties.Redis redis = properties.getStore().getRedis();
      boolean standalone = redis.getUrl() != null && !redis.getUrl().isBlank();
      if (standalone == !redis.getClusterNodes().isEmpty()) {
        throw new InvalidSettingException(
            "steadfast.store.redis.url",
            standalone
                ? "both a url and cluster-nodes are set"
                : "the redis store needs a server, and neither a url nor cluster-nodes is set",
            "set steadfast.store.redis.url=redis://host:6379 for a standalone server, or"
                + " steadfast.store.redis.cluster-nodes=host1:6379,host2:6379 for a cluster.");
      }
      JedisIdempotencyStore.Builder builder = JedisIdempotencyStore.builder();
      try {
        if (standalone) {
          builder.standalone(redis.getUrl());
        } else {
          builder.cluster(redis.getClusterNodes());
        }
        if (redis.getPassword() != null) {
          builder.credentials(redis.getUsername(), redis.getPassword());
        }
        builder.keyPrefix(redis.getKeyPrefix());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(
            "steadfast.store.redis",
            e.getMessage(),
            "fix the url (redis://host:port) or the key prefix (letters, digits, _:.{}-).",
            e);
      }
      return builder
          .timeout(redis.getTimeout())
          .connections(redis.getConnections())
          .allowEviction(redis.isAllowEviction())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = TYPE, havingValue = "memory")
  static class Memory {
    @Bean
    @ConditionalOnMissingBean(IdempotencyStore.class)
    InMemoryIdempotencyStore steadfastDedupStore() {
      return new InMemoryIdempotencyStore();
    }
  }
}
