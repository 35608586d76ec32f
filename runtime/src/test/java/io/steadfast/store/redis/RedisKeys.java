package io.steadfast.store.redis;

import io.steadfast.testkit.TestDatabases;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Per-test key prefixes on a possibly shared Redis, and their removal. */
final class RedisKeys {
  private RedisKeys() {}

  static String uniquePrefix() {
    return TestDatabases.uniqueName("test") + ":";
  }

  /** Deletes every key under {@code prefix} (standalone server). */
  static void deleteAll(UnifiedJedis jedis, String prefix) {
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      page.getResult().forEach(jedis::del);
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }
}
