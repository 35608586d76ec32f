package io.steadfast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

  @Test
  void credentialsReachTheClientButTheSecretNeverAppearsInText() throws Exception {
    ClientSettings settings =
        ClientSettings.builder("proxy:8081")
            .credentials("ak-123", "very-secret-value")
            .tls(true)
            .requestTimeout(Duration.ofSeconds(12))
            .build();

    ClientConfiguration config = settings.toClientConfiguration();

    assertThat(config.getCredentialsProvider().get().getSessionCredentials().getAccessSecret())
        .isEqualTo("very-secret-value");
    assertThat(config.isSslEnabled()).isTrue();
    assertThat(config.getRequestTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(settings.toString()).contains("ak-123").doesNotContain("very-secret-value");
  }

  @Test
  void rejectsBlankEndpointAndNonPositiveTimeout() {
    assertThatThrownBy(() -> ClientSettings.builder(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientSettings.builder("x:1").requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nameServerSettingsPickTheRemotingClientAndRefuseWhatOnlyGrpcHas() {
    ClientSettings remoting =
        ClientSettings.nameServer("127.0.0.1:9876").credentials("ak", "sk").tls(true).build();

    assertThat(remoting.transport()).isEqualTo(ClientSettings.Transport.REMOTING);
    assertThat(remoting.toString()).startsWith("ClientSettings{nameServer=127.0.0.1:9876");
    assertThat(ClientSettings.builder("x:1").build().transport())
        .isEqualTo(ClientSettings.Transport.GRPC_PROXY);
    assertThatThrownBy(remoting::toClientConfiguration)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ClientSettings.builder(");
    assertThatThrownBy(
            () ->
                ClientSettings.nameServer("127.0.0.1:9876").credentialsProvider(() -> null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials(accessKey, accessSecret)");
    assertThatThrownBy(() -> ClientSettings.nameServer(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nameServer must not be blank");
  }
}
