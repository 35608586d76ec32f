package io.steadfast.store.redis;

import io.steadfast.internal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script shipped as a resource and called by its SHA-1 ({@code EVALSHA}), so its source
 * crosses the network and is hashed by the server only the first time a server sees it ({@code
 * NOSCRIPT} is answered by one {@code EVAL}, which caches it). Keys and values always travel as
 * {@code KEYS}/{@code ARGV}.
 */
final class LuaScript {
  private final String source;
  private final String sha1;

  private LuaScript(String source) {
    this.source = source;
    this.sha1 = Digests.sha1Hex(source);
  }

  /** Reads {@code io/steadfast/store/redis/<name>}, without its comment lines. */
  static LuaScript load(String name) {
    String resource = "io/steadfast/store/redis/" + name;
    try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
      String text =
          new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
      return new LuaScript(text.replaceAll("(?m)^--.*\n", ""));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /** Runs the script now. */
  Object eval(UnifiedJedis jedis, List<String> keys, List<String> args) {
    try {
      return jedis.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException e) {
      return evalSource(jedis, keys, args);
    }
  }

  /** Queues the script on {@code pipeline}; check the reply with {@link #refused}. */
  Response<Object> queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
    return pipeline.evalsha(sha1, keys, args);
  }

  /**
   * Whether the server refused a queued call with NOSCRIPT: nothing ran, {@link #evalSource} it.
   */
  static boolean refused(Response<Object> queued) {
    try {
      queued.get();
      return false;
    } catch (JedisNoScriptException e) {
      return true;
    }
  }

  /** Runs the script now by its source, which also caches it on the server. */
  Object evalSource(UnifiedJedis jedis, List<String> keys, List<String> args) {
    return jedis.eval(source, keys, args);
  }
}
