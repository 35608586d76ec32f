package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import io.steadfast.testing.Definitions;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application needs only the client of the transport it picks: in a JVM without
 * rocketmq-client-java, Steadfast sends and consumes over the remoting client; in a JVM without
 * rocketmq-client, picking the remoting transport fails at start naming the artifact to add (and
 * the other way round).
 */
class OneClientOnClasspathTest {
  private static final String TOPIC = "one-client-orders";
  private static final String GROUP = "one-client-billing";
  private static final int ORDERS = 5;

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder().topic(TOPIC, TopicType.NORMAL, 2).consumerGroup(GROUP, 5));

  /** Runs in a JVM with one client jar left out; prints what happened, line by line. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      if (args[0].equals("remoting")) {
        sendAndConsume(ClientSettings.nameServer(args[1]).build());
        startSender(ClientSettings.builder("127.0.0.1:1").build());
      } else {
        startSender(ClientSettings.nameServer("127.0.0.1:1").build());
      }
    }

    private static void sendAndConsume(ClientSettings client) throws Exception {
      CountDownLatch processed = new CountDownLatch(ORDERS);
      Set<String> effects = ConcurrentHashMap.newKeySet();
      CountingMetrics metrics = new CountingMetrics();
      try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build());
          RunningConsumer consumer =
              Steadfast.consumer(
                  Definitions.single(
                      GROUP,
                      TOPIC,
                      String.class,
                      (body, ctx, tx) -> {
                        effects.add(body);
                        processed.countDown();
                      }),
                  ConsumerConfig.builder(client, new InMemoryIdempotencyStore())
                      .metrics(metrics)
                      .build())) {
        for (int i = 0; i < ORDERS; i++) {
          sender.send(
              OutgoingMessage.builder(TOPIC).key("order-" + i).payload("order-" + i).build());
        }
        boolean all = processed.await(90, TimeUnit.SECONDS);
        System.out.println("acked=" + ORDERS + " processed=" + effects.size() + " all=" + all);
      }
    }

    private static void startSender(ClientSettings client) {
      try (ReliableSender sender = Steadfast.sender(SenderConfig.builder(client).build())) {
        System.out.println("started without failure: " + sender);
      } catch (IllegalStateException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }

  @Test
  void remotingWorksWithoutTheGrpcClientAndGrpcIsRefusedNamingIt() throws Exception {
    List<String> output =
        runProbe(
            entry -> entry.contains("rocketmq-client-java"),
            "remoting",
            MQ.cluster().nameServerAddress());

    assertThat(output).contains("acked=" + ORDERS + " processed=" + ORDERS + " all=true");
    assertThat(output)
        .anyMatch(
            line ->
                line.startsWith("refused: ClientSettings.builder(proxyEndpoint) picks the gRPC")
                    && line.contains(
                        "add the dependency org.apache.rocketmq:rocketmq-client-java"));
  }

  @Test
  void remotingWithoutItsClientIsRefusedNamingTheArtifact() throws Exception {
    List<String> output =
        runProbe(
            entry -> entry.contains(File.separator + "rocketmq-client" + File.separator), "grpc");

    assertThat(output)
        .anyMatch(
            line ->
                line.startsWith("refused: ClientSettings.nameServer(...) picks the classic")
                    && line.contains("add the dependency org.apache.rocketmq:rocketmq-client "));
  }

  private static List<String> runProbe(Predicate<String> leaveOut, String... args)
      throws Exception {
    List<String> entries =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    assertThat(entries).anyMatch(leaveOut); // the jar to leave out is there to begin with
    String classpath =
        entries.stream().filter(leaveOut.negate()).collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classpath,
                Probe.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("steadfast-one-client-", ".log");
    Process probe =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = probe.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      probe.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(exited).as("probe exited by itself:%n%s", output).isTrue();
    System.out.println(output);
    assertThat(output).doesNotContain("NoClassDefFoundError");
    return List.of(output.split("\n"));
  }
}
