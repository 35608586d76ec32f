package io.steadfast.samples.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsAreTenThousandOrdersAllFaultsH2() throws Exception {
    DemoOptions o = DemoOptions.parse(List.of());
    assertThat(o.orders()).isEqualTo(10_000);
    assertThat(o.faults()).containsExactlyInAnyOrderElementsOf(DemoOptions.FAULTS);
    assertThat(o.store()).isEqualTo(StoreKind.H2);
    assertThat(o.unsafe()).isFalse();
    assertThat(o.report()).isNull();
    assertThat(o.help()).isFalse();
    assertThat(o.pluginMode()).isEqualTo("enforce");
    assertThat(o.transport()).isEqualTo(Transport.GRPC);
  }

  @Test
  void everyOptionIsParsed() throws Exception {
    DemoOptions o =
        DemoOptions.parse(
            List.of(
                "--orders",
                "500",
                "--faults",
                "consumer-kill,broker-kill",
                "--store",
                "postgres",
                "--jdbc",
                "jdbc:postgresql://127.0.0.1:5432/test",
                "--jdbc-user",
                "u",
                "--jdbc-password",
                "p",
                "--redis",
                "redis://10.0.0.1:6380",
                "--rate",
                "50",
                "--data",
                "d",
                "--report",
                "r.html",
                "--unsafe",
                "--plugin-mode",
                "enforce",
                "--transport",
                "remoting"));
    assertThat(o.orders()).isEqualTo(500);
    assertThat(o.faults()).containsExactlyInAnyOrder("consumer-kill", "broker-kill");
    assertThat(o.store()).isEqualTo(StoreKind.POSTGRES);
    assertThat(o.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(o.jdbcUser()).isEqualTo("u");
    assertThat(o.jdbcPassword()).isEqualTo("p");
    assertThat(o.redisUri()).isEqualTo("redis://10.0.0.1:6380");
    assertThat(o.rate()).isEqualTo(50);
    assertThat(o.dataDir()).isEqualTo(Path.of("d"));
    assertThat(o.report()).isEqualTo(Path.of("r.html"));
    assertThat(o.unsafe()).isTrue();
    assertThat(o.pluginMode()).isEqualTo("enforce");
    assertThat(o.transport()).isEqualTo(Transport.REMOTING);
    assertThat(DemoOptions.parse(List.of("--faults", "none")).faults()).isEmpty();
    assertThat(DemoOptions.parse(List.of("--store", "redis")).store()).isEqualTo(StoreKind.REDIS);
  }

  @Test
  void helpStopsParsing() throws Exception {
    assertThat(DemoOptions.parse(List.of("--orders", "5", "--help", "--bogus")).help()).isTrue();
  }

  @Test
  void usageDocumentsEveryOptionAndFault() throws Exception {
    Matcher m =
        Pattern.compile("case \"(--[a-z-]+)\"")
            .matcher(
                Files.readString(
                    Path.of("src/main/java/io/steadfast/samples/demo/DemoOptions.java")));
    int options = 0;
    while (m.find()) {
      assertThat(DemoOptions.USAGE).contains(m.group(1));
      options++;
    }
    assertThat(options).isGreaterThanOrEqualTo(12);
    DemoOptions.FAULTS.forEach(f -> assertThat(DemoOptions.USAGE).contains(f));
  }

  @Test
  void mistakesGiveClearMessages() {
    assertError(List.of("--order", "5"), "unknown option \"--order\"");
    assertError(List.of("--orders"), "--orders needs a value");
    assertError(List.of("--orders", "--unsafe"), "--orders needs a value");
    assertError(
        List.of("--orders", "ten"),
        "--orders must be a whole number from 1 to 1000000, got \"ten\"");
    assertError(List.of("--orders", "0"), "from 1 to");
    assertError(List.of("--rate", "-3"), "--rate must be a whole number");
    assertError(List.of("--faults", "some"), "--faults: unknown fault \"some\"");
    assertError(List.of("--faults", "broker-kill,slave-down"), "unknown fault \"slave-down\"");
    assertError(
        List.of("--store", "mysql"), "--store must be h2, redis or postgres, got \"mysql\"");
    assertError(List.of("--store", "postgres"), "--store postgres needs --jdbc");
    assertError(List.of("--redis", "localhost:6379"), "--redis must be a redis:// URI");
    assertError(List.of("--jdbc", "jdbc:h2:mem:x"), "--jdbc must be a jdbc:postgresql: URL");
    assertError(
        List.of("--plugin-mode", "off"), "--plugin-mode must be enforce or audit, got \"off\"");
    assertError(
        List.of("--transport", "http"), "--transport must be grpc or remoting, got \"http\"");
  }

  @Test
  void invalidOptionsExitWithCodeTwoAndHelpWithZero() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DemoMain.run(
            List.of("--orders", "many"),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(UTF_8)).startsWith("steadfast-demo: --orders must be a whole number");
    assertThat(out.toString(UTF_8)).isEmpty();

    code =
        DemoMain.run(
            List.of("--help"),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(UTF_8)).isEqualTo(DemoOptions.USAGE);
  }

  private static void assertError(List<String> args, String message) {
    assertThatThrownBy(() -> DemoOptions.parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }
}
