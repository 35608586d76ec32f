package io.steadfast.broker.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the checker in its own JVM with only this module's classes: no RocketMQ jar, real exit
 * codes, nothing but the report on the console, and no input that hangs or crashes it.
 */
class SteadfastCliProcessTest {

  /** Far longer than a check takes; a checker still running then is hanging. */
  private static final long TIMEOUT_SECONDS = 30;

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

  /** /dev/zero was read until the heap ran out (OutOfMemoryError stack trace, exit 1). */
  @Test
  void deviceIsRefusedNotRead() throws Exception {
    assertUnreadable(
        run("check", "/dev/zero"), "/dev/zero: is not a regular file (a device, FIFO or socket)");
  }

  /** Opening a FIFO blocked until a writer came: the checker hung. */
  @Test
  void fifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = mkfifo("broker.conf");

    assertUnreadable(run("check", fifo.toString()), fifo + ": is not a regular file");
  }

  @Test
  void oversizedFileIsRefusedWithItsLimit() throws Exception {
    Path huge = write("huge.conf", "# a comment\n".repeat(ConfigFileReader.MAX_BYTES / 12 + 1));

    assertUnreadable(
        run("check", huge.toString()), huge + ": is larger than 1048576 bytes, too large");
  }

  @Test
  void unreadableFileIsNamedWithItsReason() throws Exception {
    Path secret = write("secret.conf", "flushDiskType=SYNC_FLUSH\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(secret)).as("running as root, which reads any file").isFalse();

    assertUnreadable(
        run("check", secret.toString()), secret + ": cannot be read (permission denied)");
  }

  /** --fix must not write its copy into a FIFO that sits where the copy goes: that blocks too. */
  @Test
  void fixNeverWritesIntoAFifo() throws Exception {
    Path bad = write("bad.conf", "flushDiskType=ASYNC_FLUSH\nbrokerRole=SLAVE\nbrokerId=1\n");
    Path fifo = mkfifo("bad.fixed.conf");

    assertUnreadable(
        run("check", "--fix", bad.toString()),
        fifo + ": cannot write the corrected copy (it exists and is not a regular file)");
  }

  private static void assertUnreadable(String result, String line) {
    assertThat(result)
        .startsWith("2|UNREADABLE ")
        .contains("\n  " + line)
        .doesNotContain("Exception", "Error", "\tat ");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private Path mkfifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).as("mkfifo exit code").isZero();
    return fifo;
  }

  /** Returns "exitCode|stdout+stderr", or fails when the checker does not exit in time. */
  private String run(String... args) throws Exception {
    Path classes =
        Path.of(SteadfastCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-cp", classes.toString(), SteadfastCli.class.getName()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "cli", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("checker exited within %d s; printed: %s", TIMEOUT_SECONDS, printed)
        .isTrue();
    return process.exitValue() + "|" + printed;
  }
}
