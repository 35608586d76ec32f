package io.steadfast.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.steadfast.faults.OrderEvent;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.testkit.EmbeddedRocketMQ;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.slf4j.LoggerFactory;

/**
 * The cluster the ACL/TLS tests share: authentication required on brokers and proxy, TLS enforced
 * on every server; the credentials its clients use; and what the tests need around them.
 */
final class AclTlsCluster {
  static final String ACCESS_KEY = "steadfast-app";

  /** Distinctive, so that a test can search logs and exception text for it. */
  static final String SECRET = "Secr3t-9f1c7e2a-never-printed";

  private AclTlsCluster() {}

  /** The cluster both test classes describe (same settings, so one is started per run). */
  static EmbeddedRocketMQ.Builder builder() {
    return EmbeddedRocketMQ.builder().authentication(ACCESS_KEY, SECRET).tls();
  }

  static OutgoingMessage order(String topic, String key) {
    return OutgoingMessage.builder(topic)
        .tag("created")
        .key(key)
        .payload(new OrderEvent(key, 1))
        .build();
  }

  /**
   * Makes the remoting client (rocketmq-client 5.3.3) verify the servers' certificate against
   * {@code trusted} instead of trusting any (its default, {@code tls.test.mode.enable=true}), until
   * closed. An application sets the same as system properties: {@code -Dtls.test.mode.enable=false
   * -Dtls.client.authServer=true -Dtls.client.trustCertPath=<pem>}. The test sets the fields they
   * are read into, as {@code TlsSystemConfig} may already be initialised in this JVM; each client
   * reads them when it starts.
   */
  static AutoCloseable remotingClientTrusts(Path trusted) {
    boolean testMode = TlsSystemConfig.tlsTestModeEnable;
    boolean authServer = TlsSystemConfig.tlsClientAuthServer;
    String trustPath = TlsSystemConfig.tlsClientTrustCertPath;
    TlsSystemConfig.tlsTestModeEnable = false;
    TlsSystemConfig.tlsClientAuthServer = true;
    TlsSystemConfig.tlsClientTrustCertPath = trusted.toString();
    return () -> {
      TlsSystemConfig.tlsTestModeEnable = testMode;
      TlsSystemConfig.tlsClientAuthServer = authServer;
      TlsSystemConfig.tlsClientTrustCertPath = trustPath;
    };
  }

  /** Everything logged through SLF4J (Steadfast's logs) while open, with stack traces. */
  static final class CapturedLogs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
      appender.start();
      root.addAppender(appender);
    }

    /** The captured lines, each with its throwable's stack trace. */
    String text() {
      List<ILoggingEvent> events = List.copyOf(appender.list);
      return events.stream()
          .map(
              e ->
                  e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
          .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
    }
  }
}
