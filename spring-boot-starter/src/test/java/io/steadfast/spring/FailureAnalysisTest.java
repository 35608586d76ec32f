package io.steadfast.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.spring.it.redis.RedisBillingApp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Invalid settings stop the application before anything connects, with Spring Boot's failure report
 * naming the property and the fix (no server is needed: nothing gets that far).
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTest {
  private static void start(Map<String, Object> properties) {
    new SpringApplicationBuilder(RedisBillingApp.class)
        .web(WebApplicationType.NONE)
        .properties(Map.of("steadfast.store.type", "memory"))
        .properties(properties)
        .run();
  }

  @Test
  void aLeaseShorterThanTheInvisibleDurationIsReportedWithItsProperty(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "steadfast.connection.endpoint", "127.0.0.1:1",
                        "steadfast.consumer.invisible-duration", "30s",
                        "steadfast.consumer.groups.billing.lease", "10s")))
        .hasRootCauseInstanceOf(InvalidSettingException.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Steadfast cannot start: invalid setting steadfast.consumer.groups.billing.lease: the"
                + " lease PT10S")
        .contains("is shorter than its invisible duration PT30S")
        .contains(
            "Update your application's configuration: raise"
                + " steadfast.consumer.groups.billing.lease to at least PT30S, or lower"
                + " steadfast.consumer.invisible-duration.");
  }

  @Test
  void aMissingEndpointIsReported(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of())).isNotNull();
    assertThat(output)
        .contains("invalid setting steadfast.connection.endpoint: not set")
        .contains("set steadfast.connection.endpoint to your RocketMQ proxy's host:port")
        .contains("or steadfast.connection.name-server to your NameServer's host:port");
  }

  @Test
  void anEndpointAndANameServerTogetherAreReported(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "steadfast.connection.endpoint", "127.0.0.1:1",
                        "steadfast.connection.name-server", "127.0.0.1:2")))
        .hasRootCauseInstanceOf(InvalidSettingException.class);
    assertThat(output)
        .contains(
            "invalid setting steadfast.connection.name-server: set together with"
                + " steadfast.connection.endpoint")
        .contains("set only one: steadfast.connection.endpoint for a RocketMQ 5 gRPC proxy");
  }

  @Test
  void anUnknownStoreTypeIsReportedWithTheValidValues(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "steadfast.connection.endpoint", "127.0.0.1:1",
                        "steadfast.store.type", "mongo")))
        .isNotNull();
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("steadfast.store.type")
        .contains("mongo")
        .contains("JDBC")
        .contains("REDIS")
        .contains("MEMORY");
  }
}
