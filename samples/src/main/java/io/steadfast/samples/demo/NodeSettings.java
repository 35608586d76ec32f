package io.steadfast.samples.demo;

import io.steadfast.config.ClientSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one billing consumer, in this JVM or in a worker JVM (passed as arguments).
 *
 * @param unsafe the hand-written pattern instead of Steadfast
 * @param transport how the clients reach the cluster
 * @param address gRPC proxy endpoint or NameServer address, as the transport needs
 * @param store dedup store
 * @param jdbcUrl payments database (and SQL dedup store)
 * @param jdbcUser database user
 * @param jdbcPassword database password
 * @param redisUri Redis for the Redis store (and then the unsafe guard)
 * @param runId tags this run's payment rows
 * @param threads consumer threads
 */
record NodeSettings(
    boolean unsafe,
    Transport transport,
    String address,
    StoreKind store,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String redisUri,
    String runId,
    int threads) {

  /** The worker gets the password from the environment, not from its (visible) command line. */
  static final String PASSWORD_ENV = "STEADFAST_DEMO_JDBC_PASSWORD";

  /** The same consumer with one thread, for a worker JVM. */
  NodeSettings worker() {
    return new NodeSettings(
        unsafe, transport, address, store, jdbcUrl, jdbcUser, jdbcPassword, redisUri, runId, 1);
  }

  /** Settings for this node's RocketMQ clients. */
  ClientSettings client() {
    return transport.client(address);
  }

  /** Everything but the password, which goes in {@link #PASSWORD_ENV}. */
  List<String> toArgs() {
    return List.of(
        "unsafe=" + unsafe,
        "transport=" + transport,
        "address=" + address,
        "store=" + store,
        "jdbcUrl=" + jdbcUrl,
        "jdbcUser=" + jdbcUser,
        "redisUri=" + redisUri,
        "runId=" + runId,
        "threads=" + threads);
  }

  static NodeSettings fromArgs(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      m.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return new NodeSettings(
        Boolean.parseBoolean(m.get("unsafe")),
        Transport.valueOf(m.get("transport")),
        m.get("address"),
        StoreKind.valueOf(m.get("store")),
        m.get("jdbcUrl"),
        m.get("jdbcUser"),
        System.getenv().getOrDefault(PASSWORD_ENV, ""),
        m.get("redisUri"),
        m.get("runId"),
        Integer.parseInt(m.get("threads")));
  }
}
