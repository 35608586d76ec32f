package io.steadfast.testkit;

import io.steadfast.testkit.server.ServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a cluster's server JVMs get for {@link EmbeddedRocketMQ.Builder#authentication} and {@link
 * EmbeddedRocketMQ.Builder#tls()}: RocketMQ 5.3's ACL 2.0 authentication on brokers and proxy
 * (broker.conf keys, and for the proxy a system property that {@code server.GrpcProxy} turns into
 * its JSON config), and TLS enforced on every server (RocketMQ's {@code tls.*} system properties).
 * Nothing by default.
 */
final class ServerSecurity {
  /** The servers' own identity (slave to master, proxy to broker): a user of its own. */
  static final String INNER_ACCESS_KEY = "steadfast-testkit";

  private static final String PROVIDERS = "org.apache.rocketmq.auth.authentication.provider.";

  private final String accessKey;
  private final String secretKey;
  private final String innerSecretKey = UUID.randomUUID().toString();
  private final TlsCertificate certificate;

  private ServerSecurity(String accessKey, String secretKey, TlsCertificate certificate) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.certificate = certificate;
  }

  /** The security {@code spec} asks for; a TLS certificate is generated into {@code dir}. */
  static ServerSecurity of(EmbeddedRocketMQ.Builder spec, Path dir) {
    return new ServerSecurity(
        spec.accessKey,
        spec.secretKey,
        spec.tls ? TlsCertificate.generate(dir.resolve("tls"), "server") : null);
  }

  /** The servers' certificate, or {@code null} without TLS. */
  TlsCertificate certificate() {
    return certificate;
  }

  boolean tls() {
    return certificate != null;
  }

  /**
   * System properties for a server JVM. With TLS every server accepts only TLS connections and
   * serves the generated certificate instead of making one of its own at each start; its own
   * clients (broker to NameServer, slave to master) then use TLS too.
   */
  List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (certificate != null) {
      options.add("-Dtls.server.mode=enforcing");
      options.add("-Dtls.test.mode.enable=false");
      options.add("-Dtls.server.certPath=" + certificate.certificate());
      options.add("-Dtls.server.keyPath=" + certificate.privateKey());
    }
    if (accessKey != null) {
      options.add("-D" + ServerMain.PROXY_INNER_CREDENTIALS + "=" + innerCredentials());
    }
    return options;
  }

  /**
   * broker.conf keys: authentication required, users kept in the broker's own store, the test's
   * user and the servers' inner user created at start (both super users; authorization stays off).
   */
  Map<String, String> brokerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    if (accessKey != null) {
      p.put("authenticationEnabled", "true");
      p.put("authenticationProvider", PROVIDERS + "DefaultAuthenticationProvider");
      p.put("authenticationMetadataProvider", PROVIDERS + "LocalAuthenticationMetadataProvider");
      p.put(
          "initAuthenticationUser",
          "{\"username\":\"" + accessKey + "\",\"password\":\"" + secretKey + "\"}");
      p.put("innerClientAuthenticationCredentials", innerCredentials());
    }
    return p;
  }

  private String innerCredentials() {
    return "{\"accessKey\":\"" + INNER_ACCESS_KEY + "\",\"secretKey\":\"" + innerSecretKey + "\"}";
  }
}
