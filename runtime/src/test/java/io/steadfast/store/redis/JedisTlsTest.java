package io.steadfast.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.store.StoreUnavailableException;
import io.steadfast.testkit.RedisServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a TLS-only redis-server with a self-signed certificate made by openssl. */
class JedisTlsTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  @Test
  void tlsServerIsReachedOverTlsOnly(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
        .as("openssl failed: %s", output)
        .isTrue();

    try (RedisServer redis = RedisServer.startLocalTls(cert, key)) {
      assertThat(redis.uri()).startsWith("rediss://");
      try (JedisIdempotencyStore store =
          JedisIdempotencyStore.builder()
              .standalone(redis.uri())
              .sslSocketFactory(trusting(cert))
              .build()) {
        assertThat(store.claim("billing", "over-tls", LEASE).acquired()).isTrue();
      }
      assertThatThrownBy(
              () ->
                  JedisIdempotencyStore.builder()
                      .standalone("redis://" + redis.host() + ":" + redis.port())
                      .timeout(Duration.ofSeconds(1))
                      .build())
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  private static SSLSocketFactory trusting(Path certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trust.setCertificateEntry(
          "redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context.getSocketFactory();
  }
}
