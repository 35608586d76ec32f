package io.steadfast.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Refuses a Redis that may evict dedup records. Every record has a TTL (the lease or the
 * retention), so under memory pressure every policy but {@code noeviction}, {@code volatile-*}
 * included, can drop DONE and PROCESSING records, and their messages would be processed again. With
 * {@code noeviction} a full Redis refuses writes instead, and the consumer fails closed.
 */
final class EvictionPolicyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(EvictionPolicyCheck.class);
  private static final String SETTING = "maxmemory-policy";
  private static final String SAFE = "noeviction";

  private EvictionPolicyCheck() {}

  /**
   * Reads {@code maxmemory-policy} from the server behind {@code jedis}, or from every node a
   * {@link JedisCluster} knows (replicas too: a promoted replica evicts by its own policy).
   *
   * @param where the store's servers, for messages
   * @param allowEviction log a warning instead of refusing
   * @throws IllegalStateException if a policy is not {@code noeviction} or cannot be read, unless
   *     {@code allowEviction}
   * @throws redis.clients.jedis.exceptions.JedisException if a server cannot be reached
   */
  static void run(UnifiedJedis jedis, String where, boolean allowEviction) {
    List<String> problems =
        read(jedis).stream()
            .filter(node -> !SAFE.equals(node.policy()))
            .map(Node::describe)
            .toList();
    if (problems.isEmpty()) {
      LOG.debug("Redis dedup store {}: maxmemory-policy is noeviction", where);
      return;
    }
    String found = String.join("; ", problems);
    if (allowEviction) {
      LOG.warn(
          "Redis dedup store {} starts only because allowEviction(true) is set: {}. DONE and"
              + " PROCESSING records can be evicted under memory pressure, and their messages would"
              + " then be processed again",
          where,
          found);
      return;
    }
    throw new IllegalStateException(
        "Redis dedup store "
            + where
            + " refuses to start: "
            + found
            + ". Every dedup record has a TTL, so under memory pressure any maxmemory-policy but"
            + " noeviction (volatile-* included) evicts DONE and PROCESSING records, and their"
            + " messages are processed again. Fix: CONFIG SET maxmemory-policy noeviction, and the"
            + " same line in redis.conf (or CONFIG REWRITE) so that a restart keeps it; where CONFIG"
            + " is disabled (managed Redis), set the policy in the provider's settings. To start"
            + " anyway, accepting duplicates after evictions, build with allowEviction(true).");
  }

  private static List<Node> read(UnifiedJedis jedis) {
    if (jedis instanceof JedisCluster cluster) {
      List<Node> nodes = new ArrayList<>();
      for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
        // Connecting is outside read(): an unreachable node fails the build, it is not a refusal.
        try (Connection connection = node.getValue().getResource()) {
          nodes.add(read(node.getKey(), () -> connection.executeCommand(configGet())));
        }
      }
      return nodes;
    }
    jedis.ping(); // so that connection and AUTH failures surface here, not as a CONFIG refusal
    return List.of(read(null, () -> jedis.executeCommand(configGet())));
  }

  private static Node read(String name, Supplier<Map<String, String>> configGet) {
    try {
      return new Node(name, configGet.get().get(SETTING), null);
    } catch (JedisDataException e) {
      // Managed services disable or rename CONFIG; an ACL user may lack +config|get.
      return new Node(name, null, e.getMessage());
    }
  }

  private static CommandObject<Map<String, String>> configGet() {
    return new CommandObject<>(
        new CommandArguments(Protocol.Command.CONFIG).add(Protocol.Keyword.GET).add(SETTING),
        BuilderFactory.STRING_MAP);
  }

  /**
   * One server's policy, or the error its {@code CONFIG GET} answered (both null: no such setting);
   * the name is null for the store's only server, which its messages already name.
   */
  private record Node(String name, String policy, String error) {
    String describe() {
      String on = name == null ? "" : " on " + name;
      if (policy != null) {
        return "maxmemory-policy is " + policy + on;
      }
      return "maxmemory-policy cannot be read"
          + on
          + " (CONFIG GET answered "
          + (error != null ? error.strip() : "no value")
          + "; managed Redis services often disable or rename CONFIG)";
    }
  }
}
