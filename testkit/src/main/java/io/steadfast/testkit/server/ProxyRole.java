package io.steadfast.testkit.server;

import java.nio.file.Path;

/**
 * Runs RocketMQ's gRPC proxy in CLUSTER mode, on its own, in front of every broker group of the
 * NameServer's cluster: clients reach both groups through it, and it outlives any broker.
 */
final class ProxyRole implements ServerRole {
  private final int grpcPort;

  private ProxyRole(int grpcPort) {
    this.grpcPort = grpcPort;
  }

  static ProxyRole start(String namesrvAddr, String clusterName, int grpcPort, Path dir)
      throws Exception {
    GrpcProxy.startCluster(dir, namesrvAddr, clusterName, grpcPort);
    return new ProxyRole(grpcPort);
  }

  @Override
  public String readyInfo() {
    return "grpcPort=" + grpcPort;
  }

  @Override
  public String handle(String[] parts) {
    throw new IllegalArgumentException("the proxy knows no command " + parts[1]);
  }
}
