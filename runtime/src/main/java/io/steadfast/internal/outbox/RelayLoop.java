package io.steadfast.internal.outbox;

import io.steadfast.internal.DaemonThreads;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.outbox.OutboxBacklog;
import io.steadfast.outbox.OutboxRecord;
import io.steadfast.outbox.OutboxRelay;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.outbox.OutboxStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one thread: claims a batch of due rows, sends them (rows without a message group all
 * at once, each message group's rows one after another in id order), marks the acked ones sent in
 * one statement, and claims again at once while it finds rows. An idle relay waits {@code
 * pollInterval}, or less after a wake-up: a wake-up comes before its transaction commits, so the
 * relay then looks again after 5, 10, 20 ... ms until the poll interval is reached.
 *
 * <p>Back-pressure: a batch is claimed only when the previous one has finished, so at most {@code
 * batchSize} sends are in flight and a slow broker leaves rows in the table, not in memory.
 */
public final class RelayLoop implements OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);
  private static final long FIRST_FAST_POLL_MILLIS = 5;

  private final OutboxRelayConfig config;
  private final OutboxStore outbox;
  private final RowSends sends;
  private final Semaphore wake = new Semaphore(0);
  private final Runnable wakeUp = this::wakeUp;
  private final Thread thread;
  private volatile boolean running = true;
  private long fastPollMillis;
  private long nextPurge;
  private long nextBacklog;

  private RelayLoop(OutboxRelayConfig config) {
    this.config = config;
    this.outbox = config.outbox();
    this.sends = new RowSends(config);
    this.thread = DaemonThreads.named("steadfast-outbox-relay").newThread(this::run);
  }

  /** Starts a relay; called by {@code Steadfast.outboxRelay}. */
  public static OutboxRelay start(OutboxRelayConfig config) {
    RelayLoop relay = new RelayLoop(config);
    relay.outbox.addEnqueueListener(relay.wakeUp);
    relay.thread.start();
    log.info(
        "Outbox relay started on {}: batch {}, poll {}, lease {}",
        relay.outbox.name(),
        config.batchSize(),
        config.pollInterval(),
        config.lease());
    return relay;
  }

  @Override
  public void wakeUp() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  private void run() {
    long failures = 0;
    while (running) {
      try {
        housekeeping();
        List<OutboxRecord> batch = outbox.claim(config.batchSize(), config.lease());
        failures = 0;
        if (!batch.isEmpty()) {
          relay(batch);
          continue;
        }
        idle(nextIdleWait());
      } catch (RuntimeException e) {
        failures++;
        long wait =
            Math.min(
                config.maxRetryDelay().toMillis(),
                config.pollInterval().toMillis() << Math.min(failures, 10));
        log.warn(
            "Outbox relay on {}: {}; looking again in {} ms (rows stay in the table)",
            outbox.name(),
            e.toString(),
            wait);
        idle(wait);
      }
    }
  }

  private long nextIdleWait() {
    long poll = config.pollInterval().toMillis();
    if (fastPollMillis == 0) {
      return poll;
    }
    long wait = fastPollMillis;
    fastPollMillis = fastPollMillis * 2 >= poll ? 0 : fastPollMillis * 2;
    return wait;
  }

  private void idle(long millis) {
    try {
      if (wake.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
        wake.drainPermits();
        fastPollMillis = FIRST_FAST_POLL_MILLIS;
      }
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
    }
  }

  /** The purge of sent rows and the backlog report, each when its interval has passed. */
  private void housekeeping() {
    long now = System.nanoTime();
    if (now - nextBacklog >= 0) {
      nextBacklog = now + config.backlogInterval().toNanos();
      OutboxBacklog backlog = outbox.backlog();
      metric(
          m ->
              m.outboxBacklog(
                  outbox.name(),
                  backlog.pending(),
                  backlog.parked(),
                  backlog.oldestPendingAge().toMillis()));
    }
    if (now - nextPurge >= 0) {
      nextPurge = now + config.purgeInterval().toNanos();
      int purged = outbox.purgeSent(config.sentRetention());
      if (purged > 0) {
        log.info(
            "Outbox {}: purged {} sent rows older than {}",
            outbox.name(),
            purged,
            config.sentRetention());
      }
    }
  }

  private void relay(List<OutboxRecord> batch) {
    Queue<OutboxRecord> sent = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> work = new ArrayList<>();
    Map<String, List<OutboxRecord>> groups = new LinkedHashMap<>();
    for (OutboxRecord row : batch) {
      if (row.messageGroup() == null) {
        work.add(sends.send(row, sent));
      } else {
        groups
            .computeIfAbsent(row.topic() + '\u0000' + row.messageGroup(), g -> new ArrayList<>())
            .add(row);
      }
    }
    for (List<OutboxRecord> group : groups.values()) {
      if (outbox.hasEarlierPendingInGroup(group.get(0))) {
        // An earlier row of the group is being sent or waits for a retry: keep the order.
        group.forEach(row -> sends.release(row, config.pollInterval()));
      } else {
        work.add(sends.sendInOrder(group, sent));
      }
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    if (!sent.isEmpty()) {
      try {
        outbox.markSent(List.copyOf(sent));
      } catch (RuntimeException e) {
        // Acked but still PENDING: sent again after the lease, with the same steadfast-id.
        log.warn(
            "Outbox {}: {} acked rows could not be marked sent ({}); they are sent again after"
                + " their lease and consumers drop the copies by steadfast-id",
            outbox.name(),
            sent.size(),
            e.toString());
        return;
      }
      sent.forEach(row -> metric(m -> m.outboxSent(outbox.name(), row.topic())));
    }
  }

  private void metric(Consumer<SteadfastMetrics> call) {
    RowSends.metric(config.metrics(), call);
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    outbox.removeEnqueueListener(wakeUp);
    wake.release();
    try {
      thread.join(config.lease().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn(
          "Outbox relay on {} still sending at close; its rows are sent again after their lease",
          outbox.name());
    } else {
      log.info("Outbox relay on {} stopped", outbox.name());
    }
  }
}
