package io.steadfast.security;

import static io.steadfast.security.AclTlsCluster.ACCESS_KEY;
import static io.steadfast.security.AclTlsCluster.SECRET;
import static io.steadfast.security.AclTlsCluster.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.faults.OrderEvent;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SendFailedException.Outcome;
import io.steadfast.produce.SenderConfig;
import io.steadfast.security.AclTlsCluster.CapturedLogs;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TlsCertificate;
import io.steadfast.testkit.TopicType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a RocketMQ 5.3.3 cluster with authentication required and TLS enforced answers to clients
 * that get either wrong, through both transports: a wrong secret or no credentials is refused at
 * once, PERMANENT, naming the credentials, and never leaks a secret; a plain-text client, or one
 * that does not trust the servers' certificate, cannot connect. Nothing is ever acked or stored.
 */
class AclTlsRefusalTest {
  private static final String TOPIC = "acltls-refused";
  private static final String WRONG_SECRET = "Wr0ng-5ecret-3b8d-never-printed";

  /** Three quick attempts: a misclassified refusal shows as attempts > 1, not as a long wait. */
  private static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(20));

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(AclTlsCluster.builder().topic(TOPIC, TopicType.NORMAL, 2));

  @AfterAll
  static void nothingWasStored() {
    assertThat(MQ.cluster().messageCount(TOPIC)).isZero();
  }

  @Test
  void grpcSendWithWrongSecretIsRefusedAtOnceNamingTheCredentials() {
    ClientSettings client = grpc().credentials(ACCESS_KEY, WRONG_SECRET).build();
    assertRefusedForCredentials(client, "check signature failed");
  }

  @Test
  void grpcSendWithoutCredentialsIsRefusedAtOnceNamingTheCredentials() {
    assertRefusedForCredentials(grpc().build(), "username cannot be null");
  }

  @Test
  void remotingSendWithWrongSecretIsRefusedAtOnceNamingTheCredentials() {
    ClientSettings client = remoting().credentials(ACCESS_KEY, WRONG_SECRET).build();
    assertRefusedForCredentials(client, "check signature failed");
  }

  @Test
  void remotingSendWithoutCredentialsIsRefusedAtOnceNamingTheCredentials() {
    assertRefusedForCredentials(remoting().build(), "username cannot be null");
  }

  /**
   * A gRPC sender that names its topics fetches their routes at start, and a consumer its
   * subscriptions' routes: both are refused there.
   */
  @Test
  void grpcClientsWithWrongSecretAreRefusedAtStartNamingTheCredentials() {
    ClientSettings client = grpc().credentials(ACCESS_KEY, WRONG_SECRET).build();
    SenderConfig sender = SenderConfig.builder(client).topics(TOPIC).build();
    ConsumerConfig consumer =
        ConsumerConfig.builder(client, new InMemoryIdempotencyStore()).build();
    try (CapturedLogs logs = new CapturedLogs()) {
      IllegalStateException senderRefused =
          catchThrowableOfType(() -> Steadfast.sender(sender), IllegalStateException.class);
      IllegalStateException consumerRefused =
          catchThrowableOfType(
              () ->
                  Steadfast.consumer(
                      Definitions.single(
                          TOPIC + "-reader", TOPIC, OrderEvent.class, (e, c, t) -> {}),
                      consumer),
              IllegalStateException.class);
      for (IllegalStateException refused : List.of(senderRefused, consumerRefused)) {
        assertThat(refused)
            .hasMessageContaining("refused the credentials")
            .hasMessageContaining("check signature failed");
        assertNoSecretIn(stackTrace(refused) + logs.text());
      }
    }
  }

  @Test
  void plainTextClientsCannotReachTheTlsServersAndSayWhy() {
    ClientSettings grpcPlain = grpc(false).credentials(ACCESS_KEY, SECRET).build();
    ClientSettings remotingPlain = remoting(false).credentials(ACCESS_KEY, SECRET).build();
    for (ClientSettings client : new ClientSettings[] {grpcPlain, remotingPlain}) {
      SendFailedException failed = sendAndFail(client);
      // Nothing reached a broker (the route lookup failed), but a closed connection can
      // also mean a lost answer: MAYBE_STORED, bounded by the retry policy.
      assertThat(failed.outcome()).as(client.toString()).isEqualTo(Outcome.MAYBE_STORED);
      assertThat(failed.attempts()).isEqualTo(QUICK.maxAttempts());
      assertThat(failed).hasMessageContaining("ClientSettings.tls");
    }
  }

  @Test
  void remotingClientThatDoesNotTrustTheServersCertificateCannotConnect() throws Exception {
    TlsCertificate stranger =
        TlsCertificate.generate(MQ.cluster().workDir().resolve("stranger"), "stranger");
    ClientSettings client = remoting().credentials(ACCESS_KEY, SECRET).build();
    try (AutoCloseable trust = AclTlsCluster.remotingClientTrusts(stranger.certificate())) {
      SendFailedException failed = sendAndFail(client);
      assertThat(failed.outcome()).isEqualTo(Outcome.MAYBE_STORED);
      assertThat(failed.attempts()).isEqualTo(QUICK.maxAttempts());
    }
  }

  private static void assertRefusedForCredentials(ClientSettings client, String serverText) {
    try (CapturedLogs logs = new CapturedLogs()) {
      SendFailedException refused = sendAndFail(client);
      assertThat(refused.outcome()).isEqualTo(Outcome.PERMANENT);
      assertThat(refused.attempts()).isEqualTo(1);
      assertThat(refused).hasMessageContaining("credentials").hasMessageContaining(serverText);
      assertNoSecretIn(stackTrace(refused) + logs.text());
    }
  }

  private static SendFailedException sendAndFail(ClientSettings client) {
    try (ReliableSender sender =
        Steadfast.sender(SenderConfig.builder(client).retryPolicy(QUICK).build())) {
      return catchThrowableOfType(
          () -> sender.send(order(TOPIC, "refused")), SendFailedException.class);
    }
  }

  private static void assertNoSecretIn(String text) {
    assertThat(text).isNotEmpty().doesNotContain(SECRET).doesNotContain(WRONG_SECRET);
  }

  private static String stackTrace(Throwable t) {
    assertThat(t).isNotNull();
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static ClientSettings.Builder grpc() {
    return grpc(true);
  }

  private static ClientSettings.Builder grpc(boolean tls) {
    return ClientSettings.builder(MQ.cluster().endpoint()).tls(tls);
  }

  private static ClientSettings.Builder remoting() {
    return remoting(true);
  }

  private static ClientSettings.Builder remoting(boolean tls) {
    return ClientSettings.nameServer(MQ.cluster().nameServerAddress()).tls(tls);
  }
}
