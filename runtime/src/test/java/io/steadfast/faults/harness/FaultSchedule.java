package io.steadfast.faults.harness;

import io.steadfast.consume.ConsumerConfig.Mode;
import io.steadfast.testing.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One seeded scenario: which transport and store, how the two consumers run, and the faults
 * injected while the producer sends. The same seed gives the same schedule (the machine's timing
 * still varies).
 *
 * @param seed replays this schedule
 * @param transport the client every sender and consumer of the schedule uses; its link carries the
 *     network faults ({@link Transport#link})
 * @param store the dedup store
 * @param modes one receive mode per consumer, of those the transport offers (none for inbox
 *     consumers)
 * @param clockSkews per consumer (none for inbox consumers), how far its clock is off (SQL stores;
 *     leases use the database's)
 * @param faults in order of start
 */
record FaultSchedule(
    long seed,
    Transport transport,
    StoreKind store,
    List<Mode> modes,
    List<Duration> clockSkews,
    List<Fault> faults) {

  /** What can go wrong. */
  enum Kind {
    CONSUMER_KILL,
    CONSUMER_CLOSE,
    BROKER_KILL,
    SLAVE_STOP,
    STORE_STALL,
    STORE_RESET,
    STORE_DROP_REPLIES,
    NET_LATENCY,
    NET_BLACKHOLE,
    NET_RESET,
    NET_DROP_REPLIES,
    /** SIGKILL the application JVM (order service and outbox relay); outbox schedules only. */
    APP_KILL
  }

  /** The kinds a dedup-store schedule draws from, in the order that keeps its seeds' schedules. */
  static final List<Kind> DEDUP_KINDS =
      List.of(
          Kind.CONSUMER_KILL,
          Kind.CONSUMER_CLOSE,
          Kind.BROKER_KILL,
          Kind.SLAVE_STOP,
          Kind.STORE_STALL,
          Kind.STORE_RESET,
          Kind.STORE_DROP_REPLIES,
          Kind.NET_LATENCY,
          Kind.NET_BLACKHOLE,
          Kind.NET_RESET,
          Kind.NET_DROP_REPLIES);

  /**
   * The kinds an outbox and inbox schedule draws from: crashes of the application and of the inbox
   * consumers, store and network faults. Broker faults are left to the dedup schedules, whose
   * senders face them the same way, to keep a schedule short.
   */
  static final List<Kind> OUTBOX_INBOX_KINDS =
      List.of(
          Kind.APP_KILL,
          Kind.APP_KILL,
          Kind.CONSUMER_KILL,
          Kind.CONSUMER_KILL,
          Kind.CONSUMER_CLOSE,
          Kind.STORE_STALL,
          Kind.STORE_RESET,
          Kind.STORE_DROP_REPLIES,
          Kind.NET_BLACKHOLE,
          Kind.NET_RESET,
          Kind.NET_DROP_REPLIES);

  /**
   * A fault starting {@code at} after the first send, lasting {@code length}; {@code target} picks
   * a consumer.
   */
  record Fault(Kind kind, Duration at, Duration length, int target) {}

  static final int CONSUMERS = 2;

  /**
   * A schedule of faults spread over {@code window}; the transport and the store are fixed by the
   * caller.
   */
  static FaultSchedule generate(long seed, Transport transport, StoreKind store, Duration window) {
    Random random = new Random(seed);
    List<Mode> modes = new ArrayList<>();
    List<Duration> skews = new ArrayList<>();
    List<Mode> offered = transport.modes();
    for (int i = 0; i < CONSUMERS; i++) {
      modes.add(offered.get(random.nextInt(offered.size())));
      skews.add(
          store == StoreKind.REDIS ? Duration.ZERO : Duration.ofSeconds(random.nextInt(241) - 120));
    }
    List<Fault> faults = new ArrayList<>();
    int count = 4 + random.nextInt(5);
    boolean brokerKilled = false;
    for (int i = 0; i < count; i++) {
      Kind kind = DEDUP_KINDS.get(random.nextInt(DEDUP_KINDS.size()));
      if (kind == Kind.BROKER_KILL) {
        if (brokerKilled) {
          kind = Kind.CONSUMER_KILL; // one broker restart per schedule keeps schedules short
        }
        brokerKilled = true;
      }
      Duration at = Duration.ofMillis((long) (random.nextDouble() * window.toMillis()));
      Duration length =
          Duration.ofMillis(1_000 + random.nextInt(kind == Kind.NET_LATENCY ? 8_000 : 5_000));
      faults.add(new Fault(kind, at, length, random.nextInt(CONSUMERS)));
    }
    faults.sort(Comparator.comparing(Fault::at));
    return new FaultSchedule(
        seed, transport, store, List.copyOf(modes), List.copyOf(skews), List.copyOf(faults));
  }

  /**
   * An outbox and inbox schedule: 3 to 6 faults over {@code window}, the application killed at
   * least once, inbox consumers without modes or clock skews (their leases use the database's
   * clock, as every SQL lease does). gRPC only: inbox mode is not offered on the remoting client.
   */
  static FaultSchedule generateOutboxInbox(long seed, Duration window) {
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>();
    int count = 3 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      Kind kind =
          i == 0
              ? Kind.APP_KILL
              : OUTBOX_INBOX_KINDS.get(random.nextInt(OUTBOX_INBOX_KINDS.size()));
      // Kills land in the first 80% of the window, so the application is back before it ends.
      Duration at = Duration.ofMillis((long) (random.nextDouble() * window.toMillis() * 0.8));
      Duration length = Duration.ofMillis(1_000 + random.nextInt(4_000));
      faults.add(new Fault(kind, at, length, random.nextInt(CONSUMERS)));
    }
    faults.sort(Comparator.comparing(Fault::at));
    return new FaultSchedule(
        seed, Transport.GRPC, StoreKind.OUTBOX_INBOX, List.of(), List.of(), List.copyOf(faults));
  }
}
