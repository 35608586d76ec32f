package io.steadfast.broker.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the checker in its own JVM with only this module's classes: no RocketMQ jar, real exit
 * codes, nothing but the report on the console.
 */
class SteadfastCliProcessTest {

  @TempDir Path dir;

  @Test
  void runsWithoutRocketMqJarsAndExitsWithTheCheckResult() throws Exception {
    Path good = write("good.conf", "flushDiskType=SYNC_FLUSH\nbrokerRole=SLAVE\nbrokerId=1\n");
    Path bad = write("bad.conf", "flushDiskType=ASYNC_FLUSH\nbrokerRole=SLAVE\nbrokerId=1\n");

    assertThat(run("check", good.toString())).startsWith("0|OK ");
    assertThat(run("check", bad.toString()))
        .startsWith("1|VIOLATIONS ")
        .contains("[sync-flush] flushDiskType=ASYNC_FLUSH");
    assertThat(run("check", dir.resolve("nope.conf").toString()))
        .startsWith("2|UNREADABLE ")
        .contains("nope.conf: file not found")
        .doesNotContain("Exception");
    assertThat(run()).startsWith("2|usage: java -jar steadfast-rocketmq-plugin.jar check");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Returns "exitCode|stdout+stderr". */
  private String run(String... args) throws Exception {
    Path classes =
        Path.of(SteadfastCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", classes.toString(), SteadfastCli.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() + "|" + output;
  }
}
