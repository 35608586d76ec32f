package io.steadfast.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.EmbeddedRocketMQExtension;
import io.steadfast.testkit.TopicType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A burst: a backlog twice the size of the consumer's heap is drained by a consumer JVM with a 64
 * MB heap that exits on OutOfMemoryError. Every message is handled once, so the consumer holds only
 * a bounded part of the backlog at a time (batch: its loops' batches; push: the client's local
 * cache) and never the backlog itself.
 */
class BurstTest {
  private static final int MESSAGES = 7_000;
  private static final int PADDING = 10 * 1024;
  private static final String HEAP = "-Xmx64m";

  @RegisterExtension
  static final EmbeddedRocketMQExtension MQ =
      EmbeddedRocketMQExtension.shared(
          EmbeddedRocketMQ.builder()
              .topic("burst-batch", TopicType.NORMAL, 4)
              .topic("burst-push", TopicType.NORMAL, 4)
              .consumerGroup("burst-batch", 16)
              .consumerGroup("burst-push", 16));

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBacklogLargerThanTheHeapDrainsWithTheHeapBounded(Mode mode) throws Exception {
    EmbeddedRocketMQ mq = MQ.cluster();
    String group = "burst-" + mode.name().toLowerCase();
    String topic = group; // one topic per mode: each consumer sees only its own backlog
    String tag = mode.name().toLowerCase();
    String padding = "x".repeat(PADDING);
    ClientSettings client = ClientSettings.builder(mq.endpoint()).build();
    try (ReliableSender sender =
        Steadfast.sender(SenderConfig.builder(client).maxInFlight(256).build())) {
      List<CompletableFuture<?>> sends = new ArrayList<>(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        String id = tag + "-" + i;
        sends.add(
            sender.sendAsync(
                OutgoingMessage.builder(topic)
                    .key(id)
                    .payload(new BurstConsumer.BulkyOrder(id, padding))
                    .build()));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    Path effects = dir.resolve("effects.txt");
    Path output = dir.resolve("consumer.out");
    long start = System.nanoTime();
    Process consumer =
        ChildJvm.start(
            List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
            BurstConsumer.class,
            output,
            mq.endpoint(),
            group,
            topic,
            mode.name(),
            effects.toString(),
            String.valueOf(MESSAGES));
    try {
      assertThat(consumer.waitFor(5, TimeUnit.MINUTES)).as("drained within 5 minutes").isTrue();
    } finally {
      consumer.destroyForcibly();
    }
    String out = Files.readString(output);
    assertThat(consumer.exitValue()).as("the consumer's exit; its output:%n%s", out).isZero();
    List<String> handled = Files.readAllLines(effects);
    long peak =
        out.lines()
            .filter(l -> l.startsWith("peak heap "))
            .mapToLong(l -> Long.parseLong(l.substring("peak heap ".length())))
            .findFirst()
            .orElseThrow();
    System.out.printf(
        "[burst] %s: %d messages of %d KB (%d MB) drained in %.1f s with %s; heap used at most %d"
            + " MB%n",
        mode,
        handled.size(),
        PADDING / 1024,
        (long) MESSAGES * PADDING >> 20,
        (System.nanoTime() - start) / 1e9,
        HEAP,
        peak >> 20);
    assertThat(new HashSet<>(handled)).as("distinct orders handled").hasSize(MESSAGES);
    assertThat(handled).as("every order handled once").hasSize(MESSAGES);
  }
}
