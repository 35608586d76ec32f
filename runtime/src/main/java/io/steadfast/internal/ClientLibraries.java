package io.steadfast.internal;

import io.steadfast.config.ClientSettings;
import io.steadfast.config.ClientSettings.Transport;

/**
 * Checks that the RocketMQ client library of a transport is on the classpath before any of its
 * classes is touched, so a missing one is a clear start-up error instead of a {@code
 * NoClassDefFoundError}. Internal; not for direct use.
 */
public final class ClientLibraries {
  private ClientLibraries() {}

  /**
   * @throws IllegalStateException naming the missing artifact and the setting that asked for it
   */
  public static void require(ClientSettings client) {
    if (client.transport() == Transport.REMOTING) {
      require(
          "org.apache.rocketmq.client.producer.DefaultMQProducer",
          "org.apache.rocketmq:rocketmq-client (5.3.3 is tested)",
          client,
          "ClientSettings.nameServer(...) picks the classic remoting client");
    } else {
      require(
          "org.apache.rocketmq.client.apis.ClientServiceProvider",
          "org.apache.rocketmq:rocketmq-client-java (5.2.0 is tested)",
          client,
          "ClientSettings.builder(proxyEndpoint) picks the gRPC client");
    }
  }

  private static void require(
      String className, String artifact, ClientSettings client, String why) {
    try {
      Class.forName(className, false, ClientLibraries.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          why
              + " ("
              + client
              + "), but "
              + className
              + " is not on the classpath: add the dependency "
              + artifact
              + ", or pick the other transport");
    }
  }
}
