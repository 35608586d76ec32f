package io.steadfast.internal;

import io.steadfast.config.ClientSettings;
import io.steadfast.config.ClientSettings.Transport;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.java.exception.ForbiddenException;
import org.apache.rocketmq.client.java.exception.UnauthorizedException;

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

  /**
   * The exception for a rocketmq-client-java client that did not start ({@code what}, e.g. {@code
   * "producer"}): names the settings and the deepest cause, which carries the proxy's answer. The
   * client reports a failed start as {@code "Expected the service ProducerImpl-1 [FAILED] to be
   * RUNNING"}, the reason only deep in the chain; a refused authentication says to check the
   * credentials (their secret is never shown).
   */
  public static IllegalStateException cannotStart(String what, ClientSettings s, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        root instanceof UnauthorizedException || root instanceof ForbiddenException
            ? "the proxy refused the credentials ("
                + root.getMessage()
                + "): check ClientSettings.credentials"
            : root.toString();
    return new IllegalStateException("Cannot start " + what + " on " + s + ": " + reason, e);
  }
}
