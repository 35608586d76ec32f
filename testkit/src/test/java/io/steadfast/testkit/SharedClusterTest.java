package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * {@link EmbeddedRocketMQExtension#shared}: test classes of one run that describe the same kind of
 * cluster get one cluster, each with its own topics, and the cluster is closed when the run ends.
 * The two classes below run in a run of their own through the JUnit launcher (surefire skips nested
 * classes).
 */
class SharedClusterTest {
  /** Per class below, the endpoint and the message count of its own topic that it saw. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  @Test
  void classesWithTheSameKindOfClusterShareOneUntilTheRunEnds() {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(First.class), selectClass(Second.class))
                .build(),
            summary);

    assertThat(summary.getSummary().getFailures()).isEmpty();
    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
    assertThat(SEEN).containsOnlyKeys("First", "Second");
    assertThat(SEEN.get("First")).isEqualTo(SEEN.get("Second"));
    String endpoint = SEEN.get("First");
    assertThat(listening(endpoint)).as("the shared proxy is closed with the run").isFalse();
  }

  private static boolean listening(String endpoint) {
    String[] hostPort = endpoint.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The topic exists on the cluster: a send to it is stored. */
  private static void sendOne(EmbeddedRocketMQ mq, String topic) throws Exception {
    try (Producer producer = Clients.producer(mq, topic)) {
      producer.send(Clients.message(topic, "hello"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> mq.messageCount(topic) == 1);
  }

  static class First {
    @RegisterExtension
    static final EmbeddedRocketMQExtension MQ =
        EmbeddedRocketMQExtension.shared(
            EmbeddedRocketMQ.builder().topic("shared-first", TopicType.NORMAL, 1));

    @Test
    void sendsToItsTopic() throws Exception {
      sendOne(MQ.cluster(), "shared-first");
      SEEN.put("First", MQ.cluster().endpoint());
    }
  }

  static class Second {
    @RegisterExtension
    static final EmbeddedRocketMQExtension MQ =
        EmbeddedRocketMQExtension.shared(
            EmbeddedRocketMQ.builder().topic("shared-second", TopicType.NORMAL, 2));

    @Test
    void sendsToItsTopicOnTheSameCluster() throws Exception {
      sendOne(MQ.cluster(), "shared-second");
      SEEN.put("Second", MQ.cluster().endpoint());
    }
  }
}
