package io.steadfast.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.metrics.CountingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloMainTest {
  @Test
  void eachGreetingIsHandledOnceThoughOneWasSentTwice() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountingMetrics metrics = HelloMain.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(metrics.processedCount()).isEqualTo(3);
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("handled: ")))
        .containsExactlyInAnyOrder("handled: hello", "handled: bonjour", "handled: hallo");
  }
}
