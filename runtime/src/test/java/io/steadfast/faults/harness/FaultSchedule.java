package io.steadfast.faults.harness;

import io.steadfast.consume.ConsumerConfig.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One seeded scenario: which store, how the two consumers run, and the faults injected while the
 * producer sends. The same seed gives the same schedule (the machine's timing still varies).
 *
 * @param seed replays this schedule
 * @param store the dedup store
 * @param modes one receive mode per consumer
 * @param clockSkews per consumer, how far its clock is off (SQL stores; leases use the database's)
 * @param faults in order of start
 */
record FaultSchedule(
    long seed, StoreKind store, List<Mode> modes, List<Duration> clockSkews, List<Fault> faults) {

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
    NET_DROP_REPLIES
  }

  /**
   * A fault starting {@code at} after the first send, lasting {@code length}; {@code target} picks
   * a consumer.
   */
  record Fault(Kind kind, Duration at, Duration length, int target) {}

  static final int CONSUMERS = 2;

  /** A schedule of faults spread over {@code window}; the store is fixed by the caller. */
  static FaultSchedule generate(long seed, StoreKind store, Duration window) {
    Random random = new Random(seed);
    List<Mode> modes = new ArrayList<>();
    List<Duration> skews = new ArrayList<>();
    for (int i = 0; i < CONSUMERS; i++) {
      modes.add(random.nextBoolean() ? Mode.BATCH : Mode.PUSH);
      skews.add(
          store == StoreKind.REDIS ? Duration.ZERO : Duration.ofSeconds(random.nextInt(241) - 120));
    }
    List<Fault> faults = new ArrayList<>();
    int count = 4 + random.nextInt(5);
    boolean brokerKilled = false;
    for (int i = 0; i < count; i++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
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
        seed, store, List.copyOf(modes), List.copyOf(skews), List.copyOf(faults));
  }
}
