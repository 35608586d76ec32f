package io.steadfast.broker.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Files (space-separated fixtures), exit code, and fragments the text report must contain. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "master-a.conf | 0 | OK | 1 ok, 0 with violations",
        "slave-a.conf | 0 | OK | producers need a request timeout above 5000 ms",
        "controller.conf | 0 | OK | 1 ok",
        "master-a.conf slave-a.conf | 0 | 2 ok | 0 unreadable",
        "master-a.conf slave-a.conf master-b.conf | 1 | [sync-pair] brokerName=broker-b"
            + " | 1 SLAVE file(s) with brokerName=broker-b",
        "rocketmq-sample.conf | 1 | [sync-flush] flushDiskType=ASYNC_FLUSH, required SYNC_FLUSH"
            + " | [sync-replication] brokerRole=ASYNC_MASTER",
        "sync-master-trap.conf | 1 | [in-sync-replicas] inSyncReplicas=1 (default), required >= 2"
            + " | Fix: set inSyncReplicas=2.",
        "transient-pool.conf | 1 | [no-transient-store-pool] transientStorePoolEnable=true"
            + " | [sane-timeouts] syncFlushTimeout=100",
        "dledger-two-peers.conf | 1 | [dledger-peers] dLegerPeers= | (2 peers)",
        "bad-enum.conf | 2 | UNREADABLE | brokerRole=\"SYNC-MASTER\" is not one of ASYNC_MASTER,"
            + " SYNC_MASTER, SLAVE",
        "duplicate-keys.conf | 2 | duplicate-keys.conf:3: flushDiskType is already set on line 1"
            + " | 1 unreadable",
        "not-properties.json | 2 | not-properties.json:1: \"{\" is not a key=value line"
            + " | \"\"brokerRole\"\" is not a property name",
        "missing.conf | 2 | missing.conf: file not found | 1 unreadable",
        "slave-a.conf missing.conf | 2 | OK | 1 ok, 0 with violations, 1 unreadable",
      })
  void checksFiles(String files, int exitCode, String fragment1, String fragment2)
      throws IOException {
    int exit = run(args(files, "check"));

    assertThat(exit).as(output()).isEqualTo(exitCode);
    assertThat(output()).contains(fragment1, fragment2).doesNotContain("Exception", "\tat ");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void binaryFileIsUnreadable() throws IOException {
    Path binary = dir.resolve("store.bin");
    Files.write(binary, new byte[] {1, 2, 0, 3});

    assertThat(run(List.of(binary.toString()))).isEqualTo(2);
    assertThat(output()).contains("is not a properties file (it contains binary data)");
  }

  /**
   * Steadfast's own settings may neither lower its floor below 2 (without the escape hatch) nor
   * leave their ranges nor contradict each other: the file cannot be checked (exit 2).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The SYNC_MASTER trap: one copy acked, hidden behind a lowered floor (was exit 0).
        "inSyncReplicas=1;totalReplicas=1;steadfastMinInSyncReplicas=1"
            + " | steadfastMinInSyncReplicas=1 is below 2: a master could then ack writes held by"
            + " a single copy",
        "inSyncReplicas=0;steadfastMinInSyncReplicas=-5"
            + " | steadfastMinInSyncReplicas=\"-5\" is out of range: allowed 1 to 16",
        "steadfastMinTimeoutMillis=20000;steadfastMaxTimeoutMillis=100"
            + " | steadfastMinTimeoutMillis=20000 is above steadfastMaxTimeoutMillis=100: no"
            + " timeout lies between them",
        "steadfastMinTimeoutMillis=0 | steadfastMinTimeoutMillis=\"0\" is out of range: allowed 1"
            + " to 600000",
      })
  void steadfastSettingsThatWeakenTheRulesCannotBeChecked(String settings, String reason)
      throws IOException {
    int exit = run(List.of(masterWith(settings).toString()));

    assertThat(exit).as(output()).isEqualTo(2);
    assertThat(output()).contains("UNREADABLE ", reason).doesNotContain("required between");
  }

  @Test
  void singleCopyEscapeHatchPassesWithAWarning() throws IOException {
    Path conf =
        masterWith(
            "inSyncReplicas=1;totalReplicas=1;steadfastMinInSyncReplicas=1;"
                + "steadfastUnsafeAllowSingleCopy=true");

    assertThat(run(List.of(conf.toString()))).as(output()).isEqualTo(0);
    assertThat(output())
        .contains(
            "OK " + conf,
            "  WARNING UNSAFE: steadfastUnsafeAllowSingleCopy=true lets steadfastMinInSyncReplicas"
                + " go below 2 (it is 1)");

    out.reset();
    assertThat(run(List.of("--format", "json", conf.toString()))).isEqualTo(0);
    assertThat(output()).contains("\"warnings\":[\"UNSAFE: steadfastUnsafeAllowSingleCopy=true");
  }

  @Test
  void timerSkipUnknownErrorIsAViolation() throws IOException {
    assertThat(run(List.of(masterWith("timerSkipUnknownError=true").toString()))).isEqualTo(1);
    assertThat(output())
        .contains("[no-timer-skip] timerSkipUnknownError=true, required false: a timer message");
  }

  @Test
  void fileNameThatIsNoPathIsNamedWithItsReason() {
    int exit =
        CheckCommand.run(
            List.of("broker\0.conf"), new PrintStream(out), new PrintStream(err, true));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("\"broker\0.conf\": not a valid file name (Nul character not allowed)\n");
  }

  @Test
  void jsonReportListsEveryViolationWithItsFix() throws IOException {
    int exit = run(args("rocketmq-sample.conf slave-a.conf", "--format json"));

    assertThat(exit).isEqualTo(1);
    String json = output().trim();
    assertThat(json)
        .startsWith("{\"exitCode\":1,\"files\":[{\"file\":")
        .contains(
            "\"status\":\"violations\"",
            "{\"rule\":\"sync-flush\",\"key\":\"flushDiskType\",\"current\":\"ASYNC_FLUSH\",\"required\":\"SYNC_FLUSH\",\"why\":\"ASYNC_FLUSH"
                + " acks a message while it is only in the page cache;",
            "\"fix\":\"SYNC_FLUSH\"}",
            "\"status\":\"ok\",\"problems\":[],\"violations\":[],\"warnings\":[],"
                + "\"producerTimeoutFloorMillis\":5000")
        .endsWith("]}");
    assertThat(json.lines()).hasSize(1);
  }

  @Test
  void jsonReportEscapesProblems() throws IOException {
    assertThat(run(args("not-properties.json", "--format json"))).isEqualTo(2);
    assertThat(output())
        .contains(
            "\"status\":\"unreadable\"", "\\\"{\\\" is not a key=value line", "\"violations\":[]");
  }

  @Test
  void fixWritesACorrectedCopyThatPassesAndLeavesTheOriginal() throws IOException {
    Path original = copy("rocketmq-sample.conf");
    String before = Files.readString(original);

    assertThat(run(List.of("--fix", original.toString()))).isEqualTo(1);

    Path fixed = dir.resolve("rocketmq-sample.fixed.conf");
    assertThat(output()).contains("corrected copy written to " + fixed);
    assertThat(Files.readString(original)).isEqualTo(before);
    assertThat(Files.readAllLines(fixed))
        .contains(
            "# The shape of RocketMQ's distribution/conf/broker.conf: async everything.",
            "deleteWhen = 04",
            "brokerRole=SYNC_MASTER",
            "flushDiskType=SYNC_FLUSH",
            "# added by steadfast check --fix",
            "inSyncReplicas=2",
            "totalReplicas=2")
        .doesNotContain("brokerRole = ASYNC_MASTER", "flushDiskType = ASYNC_FLUSH");

    out.reset();
    assertThat(run(List.of(fixed.toString()))).as(output()).isEqualTo(0);
  }

  @Test
  void fixLeavesWhatNeedsAHumanAndWritesNothingForCompliantFiles() throws IOException {
    Path dledger = copy("dledger-two-peers.conf");
    Path good = copy("master-a.conf");

    assertThat(run(List.of("--fix", dledger.toString(), good.toString()))).isEqualTo(1);

    assertThat(output()).doesNotContain("corrected copy");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("dledger-two-peers.conf", "master-a.conf");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        " | no config file given",
        "--format xml master-a.conf | unknown format \"xml\"",
        "--strict master-a.conf | unknown option \"--strict\"",
      })
  void badUsageExitsWith2(String args, String message) {
    List<String> list = args == null ? List.of() : List.of(args.split(" "));
    int exit = CheckCommand.run(list, new PrintStream(out), new PrintStream(err, true));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message, "usage: java -jar");
  }

  private List<String> args(String fixtures, String options) throws IOException {
    List<String> args = new ArrayList<>();
    if (!options.equals("check")) {
      args.addAll(List.of(options.split(" ")));
    }
    for (String name : fixtures.trim().split(" ")) {
      args.add(name.startsWith("missing") ? dir.resolve(name).toString() : copy(name).toString());
    }
    return args;
  }

  private int run(List<String> args) {
    return CheckCommand.run(
        args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A compliant SYNC_MASTER's file with "key=value;key=value" set or added. */
  private Path masterWith(String settings) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("flushDiskType", "SYNC_FLUSH");
    values.put("brokerRole", "SYNC_MASTER");
    values.put("inSyncReplicas", "2");
    values.put("totalReplicas", "2");
    for (String setting : settings.split(";")) {
      String[] kv = setting.split("=", 2);
      values.put(kv[0], kv[1]);
    }
    StringBuilder text = new StringBuilder();
    values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return Files.writeString(dir.resolve("broker.conf"), text);
  }

  private Path copy(String fixture) throws IOException {
    Path target = dir.resolve(fixture);
    try (InputStream in = getClass().getResourceAsStream("/configs/" + fixture)) {
      Files.copy(in, target);
    }
    return target;
  }
}
