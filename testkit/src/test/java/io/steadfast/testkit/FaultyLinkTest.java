package io.steadfast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.FaultyLink.Fault;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Redis behind a {@link FaultyLink}, talked to over raw sockets. */
class FaultyLinkTest {
  /** How long a test waits for a reply that a fault must hold back. */
  private static final Duration NO_REPLY_WAIT = Duration.ofMillis(300);

  private static RedisServer redis;
  private FaultyLink link;
  private String key;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void startLink() {
    link = FaultyLink.start(redis.host(), redis.port());
    key = "faulty-link-test:" + UUID.randomUUID();
  }

  @AfterEach
  void closeLinkAndDeleteKey() throws IOException {
    link.close();
    try (RespSocket direct = direct()) {
      direct.command("DEL", key);
    }
  }

  @Test
  void forwardsCleanlyAndCountsBytes() throws IOException {
    try (RespSocket client = RespSocket.connect(link)) {
      assertThat(client.command("SET", key, "v")).isEqualTo("+OK");
      assertThat(client.command("GET", key)).isEqualTo("v");

      assertThat(link.address()).isEqualTo("127.0.0.1:" + link.port());
      long sent = RespSocket.encode("SET", key, "v").length + RespSocket.encode("GET", key).length;
      long received = "+OK\r\n".length() + "$1\r\nv\r\n".length();
      await()
          .untilAsserted(
              () -> { // the link counts a chunk just after writing it
                FaultyLink.Stats stats = link.stats();
                assertThat(stats.bytesToServer()).isEqualTo(sent);
                assertThat(stats.bytesToClient()).isEqualTo(received);
              });
      assertThat(link.stats().connections()).isEqualTo(1);
      assertThat(link.stats().open()).isEqualTo(1);
      assertThat(link.stats().injected()).containsOnlyKeys(Fault.values());
      assertThat(link.stats().injected().values()).containsOnly(0L);
    }
  }

  @Test
  void latencyDelaysEachDirectionAndHealReleasesAWaitingChunk() throws IOException {
    Duration oneWay = Duration.ofMillis(150);
    try (RespSocket client = RespSocket.connect(link)) {
      assertThat(client.command("PING")).isEqualTo("+PONG"); // connected before the latency

      link.latency(oneWay);
      long start = System.nanoTime();
      assertThat(client.command("PING")).isEqualTo("+PONG");
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);

      assertThat(roundTrip).isGreaterThanOrEqualTo(oneWay.multipliedBy(2));
      assertThat(link.stats().injected(Fault.LATENCY)).isEqualTo(2);

      link.latency(Duration.ofMinutes(1));
      client.send("PING");
      await().until(() -> link.stats().injected(Fault.LATENCY) == 3);
      link.heal();
      assertThat(client.reply()).isEqualTo("+PONG");
    }
  }

  @Test
  void blackholeHangsOpenAndNewConnectionsUntilHeal() throws IOException {
    try (RespSocket open = RespSocket.connect(link)) {
      assertThat(open.command("PING")).isEqualTo("+PONG");

      link.blackhole();
      assertNoReply(open, "PING");
      try (RespSocket fresh = RespSocket.connect(link)) {
        assertNoReply(fresh, "PING");
        await().until(() -> link.stats().injected(Fault.BLACKHOLE) == 2); // one chunk, one connect

        link.heal();
        // Held, not dropped: both streams resume intact.
        assertThat(fresh.reply()).isEqualTo("+PONG");
        assertThat(open.reply()).isEqualTo("+PONG");
      }
      try (RespSocket afterHeal = RespSocket.connect(link)) {
        assertThat(afterHeal.command("PING")).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void resetAllResetsOpenConnectionsAndTheLinkStaysUp() throws IOException {
    try (RespSocket first = RespSocket.connect(link);
        RespSocket second = RespSocket.connect(link)) {
      assertThat(first.command("PING")).isEqualTo("+PONG");
      assertThat(second.command("PING")).isEqualTo("+PONG");

      assertThat(link.resetAll()).isEqualTo(2);

      assertThatThrownBy(first::reply)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
      assertThatThrownBy(() -> second.command("PING")).isInstanceOf(SocketException.class);
      assertThat(link.stats().injected(Fault.RESET)).isEqualTo(2);
      assertThat(link.stats().open()).isZero();
    }
    try (RespSocket next = RespSocket.connect(link)) {
      assertThat(next.command("PING")).isEqualTo("+PONG");
    }
  }

  @Test
  void refuseNewResetsOnlyNewConnections() throws IOException {
    try (RespSocket open = RespSocket.connect(link)) {
      assertThat(open.command("PING")).isEqualTo("+PONG");

      link.refuseNew(true);
      assertThatThrownBy(() -> ping(link)).isInstanceOf(SocketException.class);
      assertThat(open.command("PING")).isEqualTo("+PONG");
      assertThat(link.stats().injected(Fault.REFUSE_NEW)).isEqualTo(1);

      link.refuseNew(false);
      try (RespSocket accepted = RespSocket.connect(link)) {
        assertThat(accepted.command("PING")).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void dropRepliesAppliesTheWriteButTheClientTimesOut() throws IOException {
    try (RespSocket client = RespSocket.connect(link)) {
      assertThat(client.command("PING")).isEqualTo("+PONG");

      link.dropReplies();
      assertNoReply(client, "SET", key, "v");
      await().until(() -> link.stats().injected(Fault.DROP_REPLIES) == 1); // Redis did answer

      // The write happened: the server has the key the client never heard about.
      try (RespSocket direct = direct()) {
        assertThat(direct.command("GET", key)).isEqualTo("v");
      }
      assertThat(link.stats().open()).isEqualTo(1);

      // Still the same open connection: the next reply comes, the "+OK" never does.
      link.heal();
      assertThat(client.command("PING")).isEqualTo("+PONG");
    }
  }

  @Test
  void anUnreachableTargetResetsTheClient() throws IOException {
    try (FaultyLink nowhere = FaultyLink.start("127.0.0.1", Ports.free())) {
      assertThatThrownBy(() -> ping(nowhere)).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void closeEndsEveryThreadAndStopsListening() throws IOException {
    String prefix = "faulty-link-" + link.port() + "-";
    try (RespSocket idle = RespSocket.connect(link);
        RespSocket held = RespSocket.connect(link)) {
      assertThat(idle.command("PING")).isEqualTo("+PONG");
      assertThat(held.command("PING")).isEqualTo("+PONG");
      link.blackhole();
      held.send("PING");
      try (RespSocket connecting = RespSocket.connect(link)) {
        // Pumps blocked in a read, waiting on the blackhole, and a connect waiting on it.
        await().until(() -> link.stats().injected(Fault.BLACKHOLE) == 2);
        assertThat(threadsNamed(prefix)).hasSize(6); // acceptor, 2 + 2 pumps, 1 connecting

        link.close();

        assertThat(threadsNamed(prefix)).isEmpty();
        assertThat(link.stats().open()).isZero();
        assertThatThrownBy(connecting::reply).isInstanceOf(IOException.class); // closed, not hung
      }
    }
    assertThatThrownBy(() -> RespSocket.connect(link)).isInstanceOf(ConnectException.class);
  }

  /** Sends a command and asserts that no reply comes within {@link #NO_REPLY_WAIT}. */
  private static void assertNoReply(RespSocket client, String... command) throws IOException {
    client.readTimeout(NO_REPLY_WAIT);
    assertThatThrownBy(() -> client.command(command)).isInstanceOf(SocketTimeoutException.class);
    client.readTimeout(Duration.ofSeconds(5));
  }

  /** A new connection's PING; the reset of a refused connection may come during the connect. */
  private static String ping(FaultyLink target) throws IOException {
    try (RespSocket client = RespSocket.connect(target)) {
      return client.command("PING");
    }
  }

  private static RespSocket direct() throws IOException {
    return RespSocket.connect(redis.host(), redis.port());
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }
}
