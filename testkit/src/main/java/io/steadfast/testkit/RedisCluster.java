package io.steadfast.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Redis Cluster for tests: N masters (no replicas) from {@code redis-server} on PATH, on
 * loopback ports 20000-22767 (so cluster bus ports, +10000, stay below the ephemeral range), joined
 * with {@code redis-cli --cluster create}. Fails with a clear message when the binaries are
 * missing.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start(3)) {
 *   UnifiedJedis jedis = new JedisCluster(cluster.nodes().stream()
 *       .map(HostAndPort::from).collect(toSet()));
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);

  private final List<RedisServer> masters;

  private RedisCluster(List<RedisServer> masters) {
    this.masters = masters;
  }

  /** Starts {@code masters} (at least 3) nodes and returns once every node reports state ok. */
  public static RedisCluster start(int masters) {
    if (masters < 3) {
      throw new IllegalArgumentException("Redis Cluster needs at least 3 masters, got " + masters);
    }
    String cli =
        RedisServer.findOnPath("redis-cli")
            .map(Object::toString)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "redis-cli is not on PATH; it is needed to form a Redis Cluster (apt-get install"
                            + " redis-tools). Tests that need a cluster fail rather than skip."));
    List<RedisServer> nodes = new ArrayList<>();
    RedisCluster cluster = new RedisCluster(nodes);
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(
            RedisServer.startLocal(
                RedisCluster::freeNodePort,
                false,
                List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "5000")));
      }
      List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
      create.addAll(cluster.nodes());
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
      }
      cluster.awaitStateOk();
      LOG.info("Redis Cluster ready: {}", cluster.nodes());
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("cannot start Redis Cluster", e);
    } catch (InterruptedException e) {
      cluster.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Redis Cluster", e);
    }
  }

  /** The nodes as {@code host:port}. */
  public List<String> nodes() {
    return masters.stream().map(m -> m.host() + ":" + m.port()).toList();
  }

  /** Stops every node and deletes their dirs. */
  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }

  /** A free port whose cluster bus port (+10000) is free and below the ephemeral range too. */
  private static int freeNodePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 22_768);
      if (Ports.isFree(port) && Ports.isFree(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port pair (p, p+10000) for a cluster node");
  }

  private void awaitStateOk() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (RedisServer node : masters) {
      while (!String.valueOf(Resp.command(node.port(), "CLUSTER", "INFO"))
          .contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Redis Cluster node " + node.port() + " never reached state ok");
        }
        Thread.sleep(100);
      }
    }
  }
}
