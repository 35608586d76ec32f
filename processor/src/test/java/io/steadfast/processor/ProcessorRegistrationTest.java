package io.steadfast.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/** javac finds the processor through AutoService's registration; Gradle treats it as isolating. */
class ProcessorRegistrationTest {

  @Test
  void registeredForJavacServiceLoading() throws IOException {
    assertThat(resource("META-INF/services/" + Processor.class.getName()).trim())
        .isEqualTo(SteadfastProcessor.class.getName());
  }

  @Test
  void declaredIsolatingForGradleIncrementalBuilds() throws IOException {
    assertThat(resource("META-INF/gradle/incremental.annotation.processors").trim())
        .isEqualTo(SteadfastProcessor.class.getName() + ",isolating");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SteadfastProcessor.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
