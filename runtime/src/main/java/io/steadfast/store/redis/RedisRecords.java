package io.steadfast.store.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The compare-and-set transitions of dedup records, by record key. A record's value is {@code
 * P:<owner>} while PROCESSING and {@code D:<owner>} once DONE (the owner is 16 hex digits, to keep
 * records small). A claim is one atomic {@code SET key P:<owner> NX PX lease GET}: it either
 * creates the record or returns the current one. Renew and release are owner-checked Lua scripts
 * (keys and values travel as KEYS/ARGV, never inside the script source). Completions are batched
 * per hash slot by {@link SlotBatchedCompletion}. A batch takes one pipeline.
 */
final class RedisRecords {
  /**
   * Start of a DONE value: {@code D:<owner>}, or a plain {@code D} from before owners were kept.
   */
  private static final String DONE = "D";

  private static final SecureRandom OWNERS = new SecureRandom();
  private static final LuaScript COMPARE_AND_EXPIRE = LuaScript.load("compare-and-expire.lua");
  private static final LuaScript COMPARE_AND_DELETE = LuaScript.load("compare-and-delete.lua");

  private final UnifiedJedis jedis;

  RedisRecords(UnifiedJedis jedis) {
    this.jedis = jedis;
  }

  /** 64 random bits as 16 hex digits: unique enough for one key's claims, and small. */
  static String newOwner() {
    return HexFormat.of().toHexDigits(OWNERS.nextLong());
  }

  /** Whether a record's value says DONE. */
  static boolean isDone(String value) {
    return value.startsWith(DONE);
  }

  /** Claims one record for {@code owner}; the value it held before, null if it was claimed. */
  String claim(String recordKey, String owner, Duration lease) {
    return jedis.setGet(recordKey, processing(owner), claimParams(lease));
  }

  /** {@link #claim} for every record in one pipeline; the previous values, in order. */
  List<String> claimAll(List<String> recordKeys, String owner, Duration lease) {
    List<Response<String>> responses;
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      responses = queueClaims(pipeline, recordKeys, owner, lease);
      pipeline.sync();
    }
    return values(responses);
  }

  /** Queues {@link #claim} of every record on {@code pipeline}; read with {@link #values}. */
  static List<Response<String>> queueClaims(
      AbstractPipeline pipeline, List<String> recordKeys, String owner, Duration lease) {
    String processing = processing(owner);
    SetParams params = claimParams(lease);
    List<Response<String>> responses = new ArrayList<>(recordKeys.size());
    for (String recordKey : recordKeys) {
      responses.add(pipeline.setGet(recordKey, processing, params));
    }
    return responses;
  }

  /** The replies of a synced pipeline, in order. */
  static List<String> values(List<Response<String>> responses) {
    List<String> values = new ArrayList<>(responses.size());
    for (Response<String> response : responses) {
      values.add(response.get());
    }
    return values;
  }

  /** Deletes the record if {@code owner} still holds it PROCESSING. */
  boolean release(String recordKey, String owner) {
    return Long.valueOf(1L)
        .equals(COMPARE_AND_DELETE.eval(jedis, List.of(recordKey), List.of(processing(owner))));
  }

  /**
   * Sets the TTL of every record still PROCESSING by its owner ({@code owners[i]}), one script call
   * each in one pipeline; a DONE record is never touched.
   */
  List<Boolean> renewAll(List<String> recordKeys, List<String> owners, Duration lease) {
    String ttl = String.valueOf(lease.toMillis());
    List<List<String>> keys = new ArrayList<>(recordKeys.size());
    List<List<String>> args = new ArrayList<>(recordKeys.size());
    for (int i = 0; i < recordKeys.size(); i++) {
      keys.add(List.of(recordKeys.get(i)));
      args.add(List.of(processing(owners.get(i)), ttl));
    }
    List<Response<Object>> responses = new ArrayList<>(keys.size());
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        responses.add(COMPARE_AND_EXPIRE.queue(pipeline, keys.get(i), args.get(i)));
      }
      pipeline.sync();
    }
    List<Boolean> renewed = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      Object reply =
          LuaScript.refused(responses.get(i))
              ? COMPARE_AND_EXPIRE.evalSource(jedis, keys.get(i), args.get(i))
              : responses.get(i).get();
      renewed.add(Long.valueOf(1L).equals(reply));
    }
    return renewed;
  }

  private static String processing(String owner) {
    return "P:" + owner;
  }

  private static SetParams claimParams(Duration lease) {
    return SetParams.setParams().nx().px(lease.toMillis());
  }
}
