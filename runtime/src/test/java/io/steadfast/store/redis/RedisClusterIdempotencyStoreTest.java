package io.steadfast.store.redis;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;
import io.steadfast.testkit.RedisCluster;

/** The same contract on a 3-master Redis Cluster started for this class. */
class RedisClusterIdempotencyStoreTest extends IdempotencyStoreContract {
  private RedisCluster cluster;

  @Override
  protected IdempotencyStore createStore() {
    cluster = RedisCluster.start(3);
    return JedisIdempotencyStore.builder().cluster(cluster.nodes()).build();
  }

  @Override
  protected void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
