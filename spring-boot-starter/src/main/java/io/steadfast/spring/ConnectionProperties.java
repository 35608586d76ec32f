package io.steadfast.spring;

import java.time.Duration;

/**
 * {@code steadfast.connection.*}: the RocketMQ gRPC proxy, or the NameServer of the classic
 * remoting client, that senders and consumers use.
 */
public class ConnectionProperties {
  /** The gRPC proxy's host:port (several separated by ';'). This or name-server is required. */
  private String endpoint;

  /**
   * The NameServer's host:port (several separated by ';'): the classic remoting client straight to
   * the brokers, instead of a proxy endpoint. Needs org.apache.rocketmq:rocketmq-client.
   */
  private String nameServer;

  /** ACL access key, for brokers with ACL enabled. */
  private String accessKey;

  /** ACL secret key; required with an access key. */
  private String secretKey;

  /** Whether to connect to the proxy over TLS. */
  private boolean tls = false;

  /** RocketMQ namespace. */
  private String namespace;

  /**
   * Timeout of one request to the proxy. Keep it above the broker's flush (5 s) and replication (3
   * s) timeouts, or their answers reach the sender only as a deadline.
   */
  private Duration requestTimeout = Duration.ofSeconds(10);

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getNameServer() {
    return nameServer;
  }

  public void setNameServer(String nameServer) {
    this.nameServer = nameServer;
  }

  public String getAccessKey() {
    return accessKey;
  }

  public void setAccessKey(String accessKey) {
    this.accessKey = accessKey;
  }

  public String getSecretKey() {
    return secretKey;
  }

  public void setSecretKey(String secretKey) {
    this.secretKey = secretKey;
  }

  public boolean isTls() {
    return tls;
  }

  public void setTls(boolean tls) {
    this.tls = tls;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
