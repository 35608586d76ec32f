package io.steadfast.store.redis;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;
import io.steadfast.testkit.RedisServer;
import java.net.URI;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

class RedisIdempotencyStoreTest extends IdempotencyStoreContract {
  private final String prefix = RedisKeys.uniquePrefix();
  private RedisServer redis;

  @Override
  protected IdempotencyStore createStore() {
    redis = RedisServer.start();
    return JedisIdempotencyStore.builder().standalone(redis.uri()).keyPrefix(prefix).build();
  }

  @Override
  protected void cleanUp() {
    try (UnifiedJedis jedis = RedisClient.create(URI.create(redis.uri()))) {
      RedisKeys.deleteAll(jedis, prefix);
    }
    redis.close();
  }
}
