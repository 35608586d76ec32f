package io.steadfast.internal;

import io.steadfast.config.ClientSettings;
import io.steadfast.config.ClientSettings.Transport;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;

/**
 * Turns {@link ClientSettings} into rocketmq-client-java's configuration. Kept out of {@code
 * ClientSettings} so that class loads without rocketmq-client-java (remoting-only applications).
 * Internal; not for direct use.
 */
public final class GrpcClientConfigurations {
  private GrpcClientConfigurations() {}

  /**
   * @throws IllegalStateException for remoting settings
   */
  public static ClientConfiguration of(ClientSettings s) {
    if (s.transport() != Transport.GRPC_PROXY) {
      throw new IllegalStateException(
          s
              + " are for the classic remoting client (ClientSettings.nameServer); a gRPC"
              + " ClientConfiguration needs a proxy endpoint: ClientSettings.builder(\"host:8081\")");
    }
    ClientConfigurationBuilder b =
        ClientConfiguration.newBuilder()
            .setEndpoints(s.endpoint())
            .enableSsl(s.tls())
            .setRequestTimeout(s.requestTimeout());
    SessionCredentialsProvider credentials = s.credentialsProvider();
    if (credentials == null && s.accessKey() != null) {
      credentials = new StaticSessionCredentialsProvider(s.accessKey(), s.accessSecret());
    }
    if (credentials != null) {
      b.setCredentialProvider(credentials);
    }
    if (s.namespace() != null) {
      b.setNamespace(s.namespace());
    }
    return b.build();
  }
}
