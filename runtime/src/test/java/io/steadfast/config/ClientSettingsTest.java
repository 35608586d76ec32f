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
}
