package io.steadfast.config;

import io.steadfast.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;

/**
 * How to reach the RocketMQ gRPC proxy: endpoint, optional ACL credentials, TLS and request
 * timeout. Shared by senders and consumers. {@link #toString()} never shows the secret.
 */
public final class ClientSettings {
  /** RocketMQ client default; too short for SYNC_FLUSH brokers, see {@code SenderConfig}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final String endpoint;
  private final SessionCredentialsProvider credentials;
  private final String accessKeyForLogs;
  private final boolean tls;
  private final String namespace;
  private final Duration requestTimeout;

  private ClientSettings(Builder b) {
    this.endpoint = b.endpoint;
    this.credentials = b.credentials;
    this.accessKeyForLogs = b.accessKeyForLogs;
    this.tls = b.tls;
    this.namespace = b.namespace;
    this.requestTimeout = b.requestTimeout;
  }

  /** Starts settings for the proxy at {@code endpoint} ({@code host:port[;host:port]}). */
  public static Builder builder(String endpoint) {
    return new Builder(endpoint);
  }

  public String endpoint() {
    return endpoint;
  }

  public boolean tls() {
    return tls;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The rocketmq-client-java configuration these settings describe. */
  public ClientConfiguration toClientConfiguration() {
    ClientConfigurationBuilder b =
        ClientConfiguration.newBuilder()
            .setEndpoints(endpoint)
            .enableSsl(tls)
            .setRequestTimeout(requestTimeout);
    if (credentials != null) {
      b.setCredentialProvider(credentials);
    }
    if (namespace != null) {
      b.setNamespace(namespace);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "ClientSettings{endpoint="
        + endpoint
        + ", tls="
        + tls
        + ", namespace="
        + namespace
        + ", requestTimeout="
        + requestTimeout
        + ", credentials="
        + (credentials == null ? "none" : accessKeyForLogs + "/****")
        + "}";
  }

  /** Builder for {@link ClientSettings}. */
  public static final class Builder {
    private final String endpoint;
    private SessionCredentialsProvider credentials;
    private String accessKeyForLogs;
    private boolean tls;
    private String namespace;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.isBlank()) {
        throw new IllegalArgumentException("endpoint must not be blank, e.g. \"127.0.0.1:8081\"");
      }
      this.endpoint = endpoint;
    }

    /** ACL access key and secret for brokers with ACL enabled. */
    public Builder credentials(String accessKey, String accessSecret) {
      Objects.requireNonNull(accessKey, "accessKey");
      Objects.requireNonNull(accessSecret, "accessSecret");
      this.credentials = new StaticSessionCredentialsProvider(accessKey, accessSecret);
      this.accessKeyForLogs = accessKey;
      return this;
    }

    /** A credentials provider of the client (e.g. rotating credentials). */
    public Builder credentialsProvider(SessionCredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "provider");
      this.accessKeyForLogs = "provider";
      return this;
    }

    /** TLS to the proxy; off by default. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** RocketMQ namespace; none by default. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Timeout of one request to the proxy; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive(timeout, "requestTimeout");
      return this;
    }

    public ClientSettings build() {
      return new ClientSettings(this);
    }
  }
}
