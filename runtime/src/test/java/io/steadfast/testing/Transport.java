package io.steadfast.testing;

import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.FaultyLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two transports a fault test runs on, and what a test must do differently on each: where the
 * client connects, which link carries its traffic, which receive modes it offers and how short a
 * lease may be.
 */
public enum Transport {
  /** rocketmq-client-java through the proxy ({@code ClientSettings.builder(endpoint)}). */
  GRPC,

  /**
   * The classic rocketmq-client straight to NameServer and brokers ({@code
   * ClientSettings.nameServer}). Its push consumer has no invisible duration: the client's {@code
   * consumeTimeout} (whole minutes, at least 1) takes its part, and the lease must cover it.
   */
  REMOTING;

  private static final Duration REMOTING_PUSH_MIN_LEASE = Duration.ofMinutes(1);
  private static final List<Mode> MODES = List.of(Mode.PUSH, Mode.BATCH);

  /** The receive modes the transport's consumer engines offer. */
  public List<Mode> modes() {
    return MODES;
  }

  /**
   * {@code wanted}, or the shortest lease this transport accepts in {@code mode} with an invisible
   * duration of up to a minute if that is longer (1 min for the remoting push consumer).
   */
  public Duration lease(Mode mode, Duration wanted) {
    boolean remotingPush = this == REMOTING && mode == Mode.PUSH;
    return remotingPush && wanted.compareTo(REMOTING_PUSH_MIN_LEASE) < 0
        ? REMOTING_PUSH_MIN_LEASE
        : wanted;
  }

  /** Where this transport's clients connect in {@code mq}: the proxy or the NameServer. */
  public String address(EmbeddedRocketMQ mq) {
    return this == GRPC ? mq.endpoint() : mq.nameServerAddress();
  }

  /** Client settings for {@code address} (from {@link #address}), e.g. in a child JVM. */
  public ClientSettings.Builder settings(String address) {
    return this == GRPC ? ClientSettings.builder(address) : ClientSettings.nameServer(address);
  }

  /** Client settings for {@code mq}. */
  public ClientSettings.Builder settings(EmbeddedRocketMQ mq) {
    return settings(address(mq));
  }

  /**
   * The link every connection of this transport's clients to {@code mq}'s master passes through:
   * the proxy's for gRPC, the broker's for remoting (the cluster needs {@code proxyBehindLink()} or
   * {@code brokerBehindLink()}).
   */
  public FaultyLink link(EmbeddedRocketMQ mq) {
    return this == GRPC ? mq.proxyLink() : mq.brokerLink();
  }

  /** {@code base-grpc} or {@code base-remoting}: topics and groups of one transport's run. */
  public String name(String base) {
    return base + "-" + name().toLowerCase(Locale.ROOT);
  }

  /** Every transport with each mode it offers: {@code (Transport, Mode)} test arguments. */
  public static Stream<Arguments> everyMode() {
    List<Arguments> cases = new ArrayList<>();
    for (Transport t : values()) {
      t.modes().forEach(m -> cases.add(Arguments.of(t, m)));
    }
    return cases.stream();
  }
}
