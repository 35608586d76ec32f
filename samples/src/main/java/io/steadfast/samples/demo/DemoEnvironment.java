package io.steadfast.samples.demo;

import io.steadfast.samples.billing.Billing;
import io.steadfast.samples.orders.OrderEvents;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.TopicType;
import io.steadfast.testkit.Topology;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * What the demo runs on: an embedded RocketMQ cluster (SYNC_FLUSH, SYNC_MASTER + SLAVE, the
 * Steadfast broker plugin on the brokers' classpath) and the payments database (an H2 server over a
 * file in the data dir, so worker JVMs share it; or the given PostgreSQL).
 */
final class DemoEnvironment implements AutoCloseable {
  static final String PLUGIN_CLASS = "io.steadfast.broker.SteadfastMessageStore";

  private final Path dataDir;
  private final Server h2;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final EmbeddedRocketMQ cluster;

  private DemoEnvironment(
      Path dataDir,
      Server h2,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      EmbeddedRocketMQ cluster) {
    this.dataDir = dataDir;
    this.h2 = h2;
    this.jdbcUrl = jdbcUrl;
    this.jdbcUser = jdbcUser;
    this.jdbcPassword = jdbcPassword;
    this.cluster = cluster;
  }

  static DemoEnvironment start(DemoOptions options, Path dataDir) throws SQLException, IOException {
    Server h2 = null;
    String jdbcUrl = options.jdbcUrl();
    String user = options.jdbcUser();
    String password = options.jdbcPassword();
    if (options.store() != StoreKind.POSTGRES) {
      int port = freePort();
      h2 =
          Server.createTcpServer(
                  "-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dataDir.toString())
              .start();
      jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/./billing;MODE=PostgreSQL";
      user = "sa";
      password = "";
    }
    try {
      EmbeddedRocketMQ cluster =
          EmbeddedRocketMQ.builder()
              .flushDiskType(FlushDiskType.SYNC_FLUSH)
              .topology(Topology.SYNC_MASTER_SLAVE)
              .brokerPluginFromClasspath(PLUGIN_CLASS)
              .brokerProperty("steadfastMode", options.pluginMode())
              .topic(OrderEvents.TOPIC, TopicType.NORMAL, 4)
              .topic(BillingNode.UNSAFE_TOPIC, TopicType.NORMAL, 4)
              .consumerGroup(Billing.GROUP, BillingNode.MAX_DELIVERY_ATTEMPTS)
              .consumerGroup(BillingNode.UNSAFE_GROUP, BillingNode.MAX_DELIVERY_ATTEMPTS)
              .baseDir(dataDir)
              .start();
      return new DemoEnvironment(dataDir, h2, jdbcUrl, user, password, cluster);
    } catch (RuntimeException e) {
      if (h2 != null) {
        h2.stop();
      }
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The plugin's startup verdict from the master's broker.log, proving it is installed. */
  String pluginVerdict() throws IOException {
    Path log = cluster.brokerLog();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        if (line.contains("[Steadfast] broker ")) {
          return line.substring(line.indexOf("[Steadfast]"));
        }
      }
    }
    return "no [Steadfast] line in " + log + ": is the plugin installed?";
  }

  Path dataDir() {
    return dataDir;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  String jdbcUser() {
    return jdbcUser;
  }

  String jdbcPassword() {
    return jdbcPassword;
  }

  EmbeddedRocketMQ cluster() {
    return cluster;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      if (h2 != null) {
        h2.stop();
      }
    }
  }
}
