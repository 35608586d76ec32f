package io.steadfast.config;

import io.steadfast.internal.Checks;
import io.steadfast.internal.GrpcClientConfigurations;
import java.time.Duration;
import java.util.Objects;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;

/**
 * How to reach RocketMQ: a gRPC proxy endpoint ({@link #builder(String)}, rocketmq-client-java) or
 * the NameServer of the classic remoting client ({@link #nameServer(String)}, rocketmq-client,
 * straight to the brokers), with optional ACL credentials, TLS and request timeout. Shared by
 * senders and consumers; the transport decides which client they start. {@link #toString()} never
 * shows the secret.
 *
 * <p>This class touches neither client's types until one is asked for, so an application needs only
 * the client of the transport it picks (docs/transports.md).
 */
public final class ClientSettings {
  /** RocketMQ client default; too short for SYNC_FLUSH brokers, see {@code SenderConfig}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Which RocketMQ client the settings are for. */
  public enum Transport {
    /** rocketmq-client-java through a RocketMQ 5 gRPC proxy. */
    GRPC_PROXY,
    /** rocketmq-client (DefaultMQProducer and friends) straight to the NameServer and brokers. */
    REMOTING
  }

  private final Transport transport;
  private final String endpoint;
  private final String accessKey;
  private final String accessSecret;
  private final SessionCredentialsProvider credentialsProvider;
  private final boolean tls;
  private final String namespace;
  private final Duration requestTimeout;

  private ClientSettings(Builder b) {
    this.transport = b.transport;
    this.endpoint = b.endpoint;
    this.accessKey = b.accessKey;
    this.accessSecret = b.accessSecret;
    this.credentialsProvider = b.credentialsProvider;
    this.tls = b.tls;
    this.namespace = b.namespace;
    this.requestTimeout = b.requestTimeout;
  }

  /**
   * Starts settings for the gRPC proxy at {@code endpoint} ({@code host:port[;host:port]}):
   * rocketmq-client-java, a RocketMQ 5 proxy in front of the brokers.
   */
  public static Builder builder(String endpoint) {
    return new Builder(Transport.GRPC_PROXY, endpoint, "\"127.0.0.1:8081\"");
  }

  /**
   * Starts settings for the classic remoting client at the NameServer {@code addresses} ({@code
   * host:9876[;host:9876]}): rocketmq-client straight to the brokers, RocketMQ 4.9.x and 5.x, no
   * proxy. Needs {@code org.apache.rocketmq:rocketmq-client} on the classpath.
   */
  public static Builder nameServer(String addresses) {
    return new Builder(Transport.REMOTING, addresses, "\"127.0.0.1:9876\"");
  }

  public Transport transport() {
    return transport;
  }

  /**
   * The proxy endpoint ({@link Transport#GRPC_PROXY}) or NameServer addresses ({@code REMOTING}).
   */
  public String endpoint() {
    return endpoint;
  }

  public boolean tls() {
    return tls;
  }

  /** RocketMQ namespace, or {@code null}. */
  public String namespace() {
    return namespace;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** ACL access key given to {@link Builder#credentials}, or {@code null}. */
  public String accessKey() {
    return accessKey;
  }

  /** ACL secret given to {@link Builder#credentials}, or {@code null}; never logged. */
  public String accessSecret() {
    return accessSecret;
  }

  /** The provider given to {@link Builder#credentialsProvider} (gRPC only), or {@code null}. */
  public SessionCredentialsProvider credentialsProvider() {
    return credentialsProvider;
  }

  /**
   * The rocketmq-client-java configuration these settings describe, for plain gRPC client code.
   *
   * @throws IllegalStateException for {@link #nameServer} settings, which have no proxy endpoint
   */
  public ClientConfiguration toClientConfiguration() {
    return GrpcClientConfigurations.of(this);
  }

  @Override
  public String toString() {
    return "ClientSettings{"
        + (transport == Transport.REMOTING ? "nameServer=" : "endpoint=")
        + endpoint
        + ", tls="
        + tls
        + ", namespace="
        + namespace
        + ", requestTimeout="
        + requestTimeout
        + ", credentials="
        + (accessKey != null
            ? accessKey + "/****"
            : credentialsProvider != null ? "provider/****" : "none")
        + "}";
  }

  /** Builder for {@link ClientSettings}. */
  public static final class Builder {
    private final Transport transport;
    private final String endpoint;
    private String accessKey;
    private String accessSecret;
    private SessionCredentialsProvider credentialsProvider;
    private boolean tls;
    private String namespace;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(Transport transport, String endpoint, String example) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.isBlank()) {
        String what = transport == Transport.REMOTING ? "nameServer" : "endpoint";
        throw new IllegalArgumentException(what + " must not be blank, e.g. " + example);
      }
      this.transport = transport;
      this.endpoint = endpoint;
    }

    /** ACL access key and secret for brokers with ACL enabled (both transports). */
    public Builder credentials(String accessKey, String accessSecret) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      this.accessSecret = Objects.requireNonNull(accessSecret, "accessSecret");
      this.credentialsProvider = null;
      return this;
    }

    /**
     * A credentials provider of rocketmq-client-java (e.g. rotating credentials); gRPC proxy only,
     * the remoting client takes fixed {@link #credentials}.
     */
    public Builder credentialsProvider(SessionCredentialsProvider provider) {
      this.credentialsProvider = Objects.requireNonNull(provider, "provider");
      this.accessKey = null;
      this.accessSecret = null;
      return this;
    }

    /** TLS to the proxy (gRPC) or to NameServer and brokers (remoting); off by default. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** RocketMQ namespace; none by default. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Timeout of one request to the proxy or broker; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException if a {@link #credentialsProvider} is set for the remoting
     *     client
     */
    public ClientSettings build() {
      if (transport == Transport.REMOTING && credentialsProvider != null) {
        throw new IllegalArgumentException(
            "credentialsProvider(...) is a rocketmq-client-java type and works only with"
                + " ClientSettings.builder(proxyEndpoint); with ClientSettings.nameServer(...) use"
                + " credentials(accessKey, accessSecret)");
      }
      return new ClientSettings(this);
    }
  }
}
