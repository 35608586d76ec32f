package io.steadfast.internal.consume;

import io.steadfast.MessageProperties;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.inbox.InboxRecord;
import io.steadfast.inbox.InboxStore;
import io.steadfast.internal.Backoff;
import io.steadfast.internal.DaemonThreads;
import io.steadfast.metrics.SteadfastMetrics;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handlers from the inbox: one dispatcher thread claims as many due rows as workers are free
 * (a full pool claims nothing, so the table is the buffer), each worker runs one row's handler and
 * marks the row DONE; the row's lease is renewed while its handler runs ({@link InboxLeaseKeeper}).
 * A failed run is retried after a doubling delay; after {@code maxAttempts} runs, or for a row that
 * cannot be handled at all, the row is parked (ERROR log, {@code inboxParked}) and the others go
 * on. A transactional handler's writes and the DONE mark commit together on one connection of the
 * inbox's database.
 */
final class InboxWorkers {
  private static final Logger log = LoggerFactory.getLogger(InboxWorkers.class);

  private final String group;
  private final Routes routes;
  private final InboxConfig config;
  private final InboxStore inbox;
  private final SteadfastMetrics metrics;
  private final SqlSessionFactory sessions;
  private final InboxLeaseKeeper leases;
  private final ExecutorService pool;
  private final Semaphore free;
  private final Semaphore wake = new Semaphore(0);
  private final Thread dispatcher;
  private volatile boolean running = true;

  InboxWorkers(String group, Routes routes, InboxConfig config) {
    this.group = group;
    this.routes = routes;
    this.config = config;
    this.inbox = config.inbox();
    this.metrics = config.metrics();
    this.sessions =
        config.businessSessions() != null
            ? config.businessSessions()
            : new DefaultSqlSessionFactory(new Configuration());
    this.leases = new InboxLeaseKeeper(group, inbox, config.lease());
    this.pool =
        Executors.newFixedThreadPool(
            config.threads(), DaemonThreads.named("steadfast-inbox-" + group));
    this.free = new Semaphore(config.threads());
    this.dispatcher =
        DaemonThreads.named("steadfast-inbox-claim-" + group).newThread(this::dispatch);
    dispatcher.start();
  }

  void wakeUp() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  Duration shutdownTimeout() {
    return config.shutdownTimeout();
  }

  private void dispatch() {
    long nextPurge = System.nanoTime();
    while (running) {
      int claimable = 0;
      try {
        if (!free.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          continue;
        }
        claimable = 1 + free.drainPermits();
        if (System.nanoTime() - nextPurge >= 0) {
          nextPurge = System.nanoTime() + config.purgeInterval().toNanos();
          inbox.purgeDone();
        }
        List<InboxRecord> rows = inbox.claim(group, claimable, config.lease(), config.ordered());
        free.release(claimable - rows.size());
        claimable = 0;
        for (InboxRecord row : rows) {
          pool.execute(
              () -> {
                try {
                  handle(row);
                } finally {
                  free.release();
                }
              });
        }
        if (rows.isEmpty()
            && wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        free.release(claimable);
        log.warn(
            "Inbox consumer {}: {}; looking again in {} (rows stay in the inbox)",
            group,
            e.toString(),
            config.pollInterval());
        sleepQuietly(config.pollInterval());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void handle(InboxRecord row) {
    HandlerBinding<Object> binding = (HandlerBinding<Object>) routes.find(row.topic(), row.tag());
    if (binding == null) {
      park(row, "no handler for topic " + row.topic() + " tag " + row.tag());
      return;
    }
    Object payload;
    try {
      payload =
          config
              .codecs()
              .decode(
                  row.body(),
                  row.properties().get(MessageProperties.CONTENT_TYPE),
                  binding.payloadType());
    } catch (RuntimeException e) {
      park(row, "undecodable body: " + e.getMessage());
      return;
    }
    IncomingMessage message =
        new IncomingMessage(
            row.messageId(),
            row.topic(),
            row.tag(),
            row.keys(),
            row.properties(),
            row.body(),
            row.attempt());
    DeliveryContext context = new DeliveryContext(message, row.dedupKey(), null, null);
    boolean completed;
    try (InboxLeaseKeeper.Hold hold = leases.hold(row)) {
      completed =
          binding.transactional()
              ? runInTransaction(binding, payload, context, row, hold)
              : runAndComplete(binding, payload, context, row, hold);
    } catch (Throwable e) {
      failed(row, e);
      return;
    }
    if (completed) {
      metrics.processed(group, row.topic());
    } else {
      metrics.leaseLost(group, row.topic());
      log.error(
          "Inbox consumer {}: the lease of row {} (key {}) ran out while its handler ran and"
              + " another worker took it: the effect may be applied twice. Raise"
              + " InboxConfig.lease above the handler's run time.",
          group,
          row.id(),
          row.dedupKey());
    }
  }

  private boolean runAndComplete(
      HandlerBinding<Object> binding,
      Object payload,
      DeliveryContext context,
      InboxRecord row,
      InboxLeaseKeeper.Hold hold)
      throws Exception {
    binding.handler().handle(payload, context, null);
    hold.close();
    return inbox.complete(row, config.retention());
  }

  /**
   * The handler and the DONE mark in one transaction on one connection. The session is not closed:
   * it lives on that connection only, which is closed here. Renewal stops before the DONE mark, so
   * that it never waits for the row lock that mark takes until the commit.
   */
  private boolean runInTransaction(
      HandlerBinding<Object> binding,
      Object payload,
      DeliveryContext context,
      InboxRecord row,
      InboxLeaseKeeper.Hold hold)
      throws Exception {
    try (Connection c = inbox.connection()) {
      c.setAutoCommit(false);
      try {
        SqlSession session = sessions.openSession(c);
        binding.handler().handle(payload, context, session);
        hold.close();
        boolean completed = inbox.complete(c, row, config.retention());
        if (completed) {
          c.commit();
        } else {
          c.rollback();
        }
        return completed;
      } catch (Throwable e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void failed(InboxRecord row, Throwable e) {
    if (row.attempt() >= config.maxAttempts()) {
      park(row, "handler failed " + row.attempt() + " times, last: " + e);
      return;
    }
    Duration delay =
        Backoff.doubling(config.firstRetryDelay(), config.maxRetryDelay(), row.attempt());
    log.warn(
        "Inbox consumer {}: handler of row {} (key {}) failed, attempt {}; again in {}",
        group,
        row.id(),
        row.dedupKey(),
        row.attempt(),
        delay,
        e);
    try {
      inbox.retryLater(row, delay, e.toString());
      metrics.inboxRetryScheduled(group, row.topic());
    } catch (RuntimeException storeFailure) {
      log.warn(
          "Inbox consumer {}: row {} runs again after its lease ({})",
          group,
          row.id(),
          storeFailure.toString());
    }
  }

  private void park(InboxRecord row, String reason) {
    try {
      inbox.park(row, reason);
    } catch (RuntimeException e) {
      log.warn(
          "Inbox consumer {}: row {} could not be parked ({}); it runs again after its lease",
          group,
          row.id(),
          e.toString());
      return;
    }
    metrics.inboxParked(group, row.topic());
    log.error(
        "Inbox consumer {}: row {} (message {}, key {}) is parked: {}. The others go on; fix the"
            + " cause, then replay it (InboxStore.replay({})).",
        group,
        row.id(),
        row.messageId(),
        row.dedupKey(),
        reason,
        row.id());
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops claiming and waits up to {@code timeout} for running handlers. */
  void close(Duration timeout) {
    running = false;
    wake.release();
    pool.shutdown();
    try {
      dispatcher.join(timeout.toMillis() + 1000);
      if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "Inbox consumer {}: handlers still running after {}; their rows run again after their"
                + " lease unless they complete",
            group,
            timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    leases.close();
  }
}
