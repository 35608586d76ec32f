package io.steadfast.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloMainTest {
  @Test
  void eachGreetingIsHandledOnceThoughOneWasSentTwice() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> handled = HelloMain.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(handled).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("handled: hello", "handled: bonjour", "handled: hallo", "suppressed 1 duplicate");
  }
}
