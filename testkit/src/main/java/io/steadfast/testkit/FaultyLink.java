package io.steadfast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting TCP proxy for tests: it listens on a free loopback port and forwards every
 * connection to one target (a RocketMQ proxy, Redis, PostgreSQL, ...), while the test switches
 * network faults on and off at run time. Point the client at {@link #address()} instead of the
 * server.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start();
 *     FaultyLink link = FaultyLink.start(redis.host(), redis.port())) {
 *   UnifiedJedis jedis = RedisClient.create(URI.create("redis://" + link.address()));
 *   link.dropReplies();       // the next SET is applied by Redis, but its answer never comes
 *   ...
 *   link.heal();
 * }
 * }</pre>
 *
 * <p>What each fault simulates:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: a slow network. Each chunk waits the given time in each
 *       direction, so a request/reply round trip grows by twice that.
 *   <li>{@link #blackhole()}: a network partition. Nothing moves in either direction and new
 *       connections hang; clients see timeouts, never an error. Bytes are held, not dropped, like
 *       TCP retransmitting into a partition: a connection that is still open at {@link #heal()}
 *       carries on with its stream intact. (For a partition that outlives the connection, follow
 *       with {@link #resetAll()}.)
 *   <li>{@link #resetAll()}: a middlebox (load balancer, NAT, firewall) that lost its connection
 *       state, or a server process that died. Every open connection is closed at once with an RST
 *       to both sides; the client sees "connection reset".
 *   <li>{@link #refuseNew(boolean)}: a server that is down. New connections are reset right after
 *       the kernel accepted them (a listener cannot refuse the handshake itself), so the client's
 *       connect, or its first read or write, fails with "connection reset".
 *   <li>{@link #dropReplies()}: the ambiguous failure. Requests reach the server and are applied;
 *       the replies are discarded and the connection stays open, so the client times out without
 *       knowing whether its write happened. A connection that lost replies is out of step with its
 *       protocol after {@link #heal()}; clients normally drop a connection after a timeout.
 * </ul>
 *
 * <p>Faults combine (latency with dropped replies, say); {@link #heal()} clears them all. Every
 * method is thread-safe. Each connection uses two daemon threads named {@code faulty-link-*}, and a
 * stream under latency moves one chunk (up to 64 KiB) per latency period in each direction. Errors
 * on either side of a connection are passed on to the other side as a reset.
 *
 * <p>A link only sees the connections made to it. Clients that connect where the server tells them
 * to go around it: rocketmq-client-java sends to the endpoints in the topic route, and a local-mode
 * proxy (as in {@link EmbeddedRocketMQ}) answers with its own port, so through a link in front of
 * {@code mq.endpoint()} only route queries pass; sends, receives and acks go straight to the proxy,
 * untouched by the faults. The remoting client (broker addresses from the NameServer) and Redis
 * Cluster (MOVED redirects) behave the same way. Standalone Redis and JDBC connections go through
 * the link entirely.
 */
public final class FaultyLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultyLink.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 8;
  private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The kinds of fault a link injects, as counted in {@link Stats#injected(Fault)}. */
  public enum Fault {
    /** A chunk or new connection that waited for {@link #latency(Duration)}. */
    LATENCY,
    /** A chunk or new connection held back by {@link #blackhole()}. */
    BLACKHOLE,
    /** A server-to-client chunk discarded by {@link #dropReplies()}. */
    DROP_REPLIES,
    /** A connection reset by {@link #resetAll()}. */
    RESET,
    /** A new connection reset by {@link #refuseNew(boolean)}. */
    REFUSE_NEW
  }

  /**
   * A snapshot of a link's counters, for assertions and test reports.
   *
   * @param connections connections accepted and forwarded since start (refused ones excluded)
   * @param open connections open now
   * @param bytesToServer bytes forwarded from clients to the target
   * @param bytesToClient bytes forwarded from the target to clients (dropped replies excluded)
   * @param injected how often each kind of fault acted, every kind present
   */
  public record Stats(
      long connections,
      int open,
      long bytesToServer,
      long bytesToClient,
      Map<Fault, Long> injected) {
    /** Copies {@code injected}. */
    public Stats {
      injected = Map.copyOf(injected);
    }

    /** How often {@code fault} acted: chunks or connections, see {@link Fault}. */
    public long injected(Fault fault) {
      return injected.getOrDefault(fault, 0L);
    }
  }

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final LinkControl control = new LinkControl();
  private final Set<LinkConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final Thread acceptor;

  private FaultyLink(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
    this.acceptor = new Thread(this::acceptLoop, threadPrefix() + "accept");
    acceptor.setDaemon(true);
  }

  /**
   * Starts a link on a free loopback port (in 20000-32000, another one if binding fails) that
   * forwards every connection to {@code targetHost:targetPort}, cleanly until a fault is set.
   *
   * @throws IllegalArgumentException if the target host cannot be resolved
   * @throws IllegalStateException if no port could be bound
   */
  public static FaultyLink start(String targetHost, int targetPort) {
    InetSocketAddress target = LinkSockets.resolve(targetHost, targetPort);
    IOException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        return start(LinkSockets.bind(LOOPBACK, Ports.free()), target);
      } catch (IOException e) {
        last = e; // most often: the port was taken meanwhile; try another
      }
    }
    throw new IllegalStateException("cannot bind a loopback port for a FaultyLink", last);
  }

  /**
   * Starts a link listening on {@code listenHost:listenPort} exactly, e.g. another loopback address
   * such as {@code 127.0.0.2} (Linux routes all of 127.0.0.0/8 to the loopback interface) on the
   * port of a server that listens on {@code 127.0.0.1} only, so that an address a server advertises
   * leads through the link ({@link EmbeddedRocketMQ.Builder#brokerBehindLink()}).
   *
   * @throws IllegalArgumentException if a host cannot be resolved
   * @throws UncheckedIOException if {@code listenHost:listenPort} cannot be bound
   */
  public static FaultyLink start(
      String listenHost, int listenPort, String targetHost, int targetPort) {
    InetSocketAddress target = LinkSockets.resolve(targetHost, targetPort);
    try {
      return start(LinkSockets.bind(listenHost, listenPort), target);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind a FaultyLink to " + listenHost + ":" + listenPort, e);
    }
  }

  private static FaultyLink start(ServerSocket listener, InetSocketAddress target) {
    FaultyLink link = new FaultyLink(listener, target);
    link.acceptor.start();
    LOG.info("{} started", link);
    return link;
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * {@code host:port} the link listens on ({@code 127.0.0.1:port} unless started on another host),
   * the address to give the client instead of the target's.
   */
  public String address() {
    return listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /**
   * Delays every chunk by {@code oneWay} in each direction (new connections too); {@link
   * Duration#ZERO} removes the delay. A chunk already waiting is re-timed from when it was read.
   */
  public FaultyLink latency(Duration oneWay) {
    if (Objects.requireNonNull(oneWay, "oneWay").isNegative()) {
      throw new IllegalArgumentException("negative latency " + oneWay);
    }
    return change("latency " + oneWay.toMillis() + " ms", faults -> faults.withLatency(oneWay));
  }

  /**
   * Stops all forwarding, both directions, for open and new connections, until {@link #heal()}: a
   * partition. Held bytes are forwarded after the heal.
   */
  public FaultyLink blackhole() {
    return change("blackhole", LinkFaults::withBlackhole);
  }

  /**
   * Forwards client-to-server bytes but discards server-to-client bytes until {@link #heal()}: the
   * server applies each request and the client never hears back. Connections stay open.
   */
  public FaultyLink dropReplies() {
    return change("drop replies", LinkFaults::withDropReplies);
  }

  /**
   * While {@code refuse} is true, resets each new connection as soon as it is accepted; open
   * connections are not touched.
   */
  public FaultyLink refuseNew(boolean refuse) {
    return change(
        refuse ? "refuse new connections" : "accept new connections",
        faults -> faults.withRefuseNew(refuse));
  }

  /** Clears every fault: clean forwarding again; held and delayed chunks go on at once. */
  public FaultyLink heal() {
    return change("heal", faults -> LinkFaults.NONE);
  }

  /**
   * Closes every open connection now with an RST to the client and to the server (SO_LINGER 0). The
   * link stays up and forwards new connections.
   *
   * @return how many connections were reset
   */
  public int resetAll() {
    int reset = 0;
    for (LinkConnection connection : List.copyOf(connections)) {
      if (connection.reset()) {
        control.count(Fault.RESET);
        reset++;
      }
    }
    LOG.info("{}: reset {} connection(s)", this, reset);
    return reset;
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return control.stats(connections.size());
  }

  /**
   * Stops listening, closes every connection and waits (up to 5 s) for all of the link's threads to
   * end. Idempotent.
   */
  @Override
  public void close() {
    if (!control.close()) {
      return;
    }
    try {
      listener.close();
    } catch (IOException e) {
      LOG.warn("{}: closing the listener failed", this, e);
    }
    long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
    try {
      TimeUnit.NANOSECONDS.timedJoin(acceptor, CLOSE_TIMEOUT_NANOS);
      List<LinkConnection> open = List.copyOf(connections); // after the acceptor: none added later
      open.forEach(LinkConnection::close);
      for (LinkConnection connection : open) {
        if (!connection.join(deadline)) {
          LOG.warn("{}: a connection thread did not end within 5 s", this);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{} closed: {}", this, stats());
  }

  /** {@code FaultyLink[127.0.0.1:port -> target]}. */
  @Override
  public String toString() {
    return "FaultyLink["
        + address()
        + " -> "
        + target.getHostString()
        + ":"
        + target.getPort()
        + "]";
  }

  private FaultyLink change(String description, UnaryOperator<LinkFaults> update) {
    control.update(update);
    LOG.info("{}: {}", this, description);
    return this;
  }

  private void acceptLoop() {
    while (!control.closed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!control.closed()) {
          LOG.error("{}: accept failed; the link no longer accepts connections", this, e);
        }
        return;
      }
      if (control.faults().refuseNew()) {
        control.count(Fault.REFUSE_NEW);
        refuse(client);
        continue;
      }
      String name = threadPrefix() + connectionIds.incrementAndGet();
      LinkConnection connection =
          new LinkConnection(name, client, target, control, connections::remove);
      connections.add(connection);
      control.connected();
      try {
        client.setTcpNoDelay(true); // chunks go out as read; Nagle would add its own delays
      } catch (IOException e) {
        LOG.debug("{}: TCP_NODELAY not set: {}", name, e.toString());
      }
      connection.start();
    }
  }

  private void refuse(Socket client) {
    try (client) {
      client.setSoLinger(true, 0);
    } catch (IOException e) {
      LOG.debug("{}: refusing a connection: {}", this, e.toString());
    }
  }

  private String threadPrefix() {
    return "faulty-link-" + port() + "-";
  }
}
