package io.steadfast.testkit.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.proxy.ProxyStartup;
import org.apache.rocketmq.proxy.config.Configuration;
import org.apache.rocketmq.proxy.config.ConfigurationManager;
import org.apache.rocketmq.proxy.grpc.GrpcServer;
import org.apache.rocketmq.proxy.grpc.GrpcServerBuilder;
import org.apache.rocketmq.proxy.grpc.v2.GrpcMessagingApplication;
import org.apache.rocketmq.proxy.metrics.ProxyMetricsManager;
import org.apache.rocketmq.proxy.processor.DefaultMessagingProcessor;
import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;

/**
 * Starts RocketMQ's gRPC proxy inside this process: in LOCAL mode beside one broker (it serves that
 * broker only), or in CLUSTER mode on its own, in front of every broker group the NameServer knows.
 * The proxy's configuration is static (one per process), so a process runs at most one proxy.
 */
final class GrpcProxy {
  private GrpcProxy() {}

  /**
   * A LOCAL-mode proxy for {@code broker}, listening on {@code grpcPort} and naming {@code
   * advertisedPort} in every route (a fault link's port, or grpcPort).
   */
  static void startLocal(BrokerController broker, Path dir, int grpcPort, int advertisedPort)
      throws Exception {
    configure(
        dir,
        "LOCAL",
        advertisedPort,
        broker.getBrokerConfig().getNamesrvAddr(),
        broker.getBrokerConfig().getBrokerClusterName(),
        "");
    ProxyMetricsManager.initLocalMode(
        broker.getBrokerMetricsManager(), ConfigurationManager.getProxyConfig());
    serve(DefaultMessagingProcessor.createForLocalMode(broker), grpcPort);
  }

  /**
   * A CLUSTER-mode proxy on {@code grpcPort}: it reads routes from the NameServer and forwards to
   * the brokers over remoting, so it spreads a topic's writes over every group that has its queues
   * and stops writing to a group whose master left the NameServer.
   */
  static void startCluster(Path dir, String namesrvAddr, String clusterName, int grpcPort)
      throws Exception {
    // Routes refreshed after 5 s instead of 20 s: the proxy stops writing to a dead master's
    // group, and reads a restarted one again, sooner (fault tests wait for both).
    configure(
        dir,
        "CLUSTER",
        grpcPort,
        namesrvAddr,
        clusterName,
        ",\"topicRouteServiceCacheRefreshSeconds\":5");
    ProxyMetricsManager.initClusterMode(ConfigurationManager.getProxyConfig()).start();
    serve(DefaultMessagingProcessor.createForClusterMode(), grpcPort);
  }

  /** Writes the proxy's JSON config; {@code extraFields} are more {@code ,"key":value} pairs. */
  private static void configure(
      Path dir,
      String mode,
      int advertisedPort,
      String namesrvAddr,
      String clusterName,
      String extraFields)
      throws Exception {
    Path proxyConf = dir.resolve("proxy.json");
    // In LOCAL mode the proxy names grpcServerPort in every route; the server binds its own port.
    String json =
        "{\"proxyMode\":\""
            + mode
            + "\",\"grpcServerPort\":"
            + advertisedPort
            + ",\"namesrvAddr\":\""
            + namesrvAddr
            + "\",\"rocketMQClusterName\":\""
            + clusterName
            + "\",\"minInvisibleTimeMillsForRecv\":1000,\"grpcShutdownTimeSeconds\":1"
            // Short long-polls: consumers notice a closed or restarted proxy and close quickly.
            + ",\"grpcClientConsumerMinLongPollingTimeoutMillis\":1000"
            + ",\"grpcClientConsumerMaxLongPollingTimeoutMillis\":5000"
            + extraFields
            + securityFields()
            + "}";
    Files.writeString(proxyConf, json, StandardCharsets.UTF_8);
    System.setProperty(Configuration.CONFIG_PATH_PROPERTY, proxyConf.toString());
    ConfigurationManager.initEnv();
    ConfigurationManager.intConfig();
  }

  /**
   * Authentication (users read through the broker: LOCAL mode in process, CLUSTER mode over
   * remoting as the inner user) and TLS with the JVM's server certificate, as the parent asked for
   * them (testkit's ServerSecurity); the proxy's defaults otherwise.
   */
  private static String securityFields() {
    StringBuilder fields = new StringBuilder();
    String inner = System.getProperty(ServerMain.PROXY_INNER_CREDENTIALS);
    if (inner != null) {
      fields
          .append(",\"authenticationEnabled\":true")
          .append(",\"authenticationMetadataProvider\":")
          .append(json("org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider"))
          .append(",\"innerClientAuthenticationCredentials\":")
          .append(json(inner));
    }
    if (TlsSystemConfig.tlsMode == TlsMode.ENFORCING) {
      // Without this the proxy makes a self-signed certificate of its own at each start.
      fields
          .append(",\"tlsTestModeEnable\":false,\"tlsCertPath\":")
          .append(json(TlsSystemConfig.tlsServerCertPath))
          .append(",\"tlsKeyPath\":")
          .append(json(TlsSystemConfig.tlsServerKeyPath));
    }
    return fields.toString();
  }

  private static String json(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void serve(DefaultMessagingProcessor processor, int grpcPort) throws Exception {
    GrpcMessagingApplication application = GrpcMessagingApplication.create(processor);
    GrpcServer server =
        GrpcServerBuilder.newBuilder(ProxyStartup.createServerExecutor(), grpcPort)
            .addService(application)
            .configInterceptor()
            .build();
    processor.start();
    application.start();
    server.start();
  }
}
