package io.steadfast.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Without Jedis on the classpath, the Redis store's builder names the dependency to add. */
class JedisMissingTest {

  /** Run in a JVM whose classpath lacks Jedis; prints what {@code builder()} threw. */
  public static final class Probe {
    public static void main(String[] args) {
      try {
        JedisIdempotencyStore.builder();
        System.out.println("no failure");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  @Test
  void builderWithoutJedisNamesTheArtifactToAdd() throws Exception {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("redis/clients/jedis"))
            .collect(Collectors.joining(File.pathSeparator));
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                Probe.class.getName())
            .redirectErrorStream(true)
            .start();
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(List.of(output.split("\n")))
        .anyMatch(line -> line.contains("add the dependency redis.clients:jedis"));
  }
}
