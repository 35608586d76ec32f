package io.steadfast.samples.demo;

import io.steadfast.config.ClientSettings;
import io.steadfast.produce.SendFailedException;
import io.steadfast.samples.orders.OrderCreated;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the order scenario: place N orders at a steady rate while the {@link FaultSchedule}
 * runs, re-send what failed, wait until every acked order is paid, then count payments per order.
 * The same flow runs with Steadfast ({@link SteadfastOrderSender}, the generated consumer) or with
 * the plain client and the hand-written consumer ({@link PlainOrderSender}, {@code unsafe}).
 */
final class Scenario implements FaultSchedule.Run {
  private static final int IN_FLIGHT = 256;

  /**
   * Longer than any redelivery delay of the setup: 5 s invisible time and 10 s lease of the
   * Steadfast consumers, and the proxy's 60 s default invisible time for messages a killed
   * PushConsumer (the unsafe run's) had received.
   */
  private static final Duration STALL = Duration.ofSeconds(75);

  private final DemoOptions options;
  private final DemoEnvironment env;
  private final boolean unsafe;
  private final PrintStream out;
  private final String runId;
  private final Tally tally = new Tally();
  private final DemoFaults handlerFaults;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();

  /** Orders committed by the crashed order service (producer-crash): they must be paid too. */
  private final Set<String> committed = ConcurrentHashMap.newKeySet();

  private final Map<String, OrderCreated> failed = new ConcurrentHashMap<>();
  private final Map<String, Long> failedByOutcome = new ConcurrentHashMap<>();
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final AtomicInteger sent = new AtomicInteger();
  private final List<Sample> timeline = new CopyOnWriteArrayList<>();
  private final PaymentCounts payments;
  private volatile String status = "";
  private long startNanos;
  private OrderSender sender;

  Scenario(DemoOptions options, DemoEnvironment env, boolean unsafe, PrintStream out) {
    this.options = options;
    this.env = env;
    this.unsafe = unsafe;
    this.out = out;
    this.runId = (unsafe ? "u" : "s") + Long.toString(System.currentTimeMillis(), 36);
    this.payments = new PaymentCounts(env, runId);
    this.handlerFaults =
        new DemoFaults(options.injects("handler-failure") ? FaultSchedule.FAIL_EVERY : 0);
  }

  ScenarioResult run() throws Exception {
    String label = unsafe ? "unsafe: plain client + SET NX / DEL" : "Steadfast";
    List<String> faultNames = DemoOptions.FAULTS.stream().filter(options::injects).toList();
    out.printf(
        "%n=== %s: %d orders, faults %s, store %s, %s client ===%n",
        label,
        options.orders(),
        faultNames.isEmpty() ? "none" : String.join(",", faultNames),
        options.store(),
        unsafe ? "plain gRPC" : options.transport().name().toLowerCase(Locale.ROOT));
    // The unsafe run shows the plain rocketmq-client-java pattern, on either transport.
    Transport transport = unsafe ? Transport.GRPC : options.transport();
    NodeSettings node =
        new NodeSettings(
            unsafe,
            transport,
            transport.address(env.cluster()),
            options.store(),
            env.jdbcUrl(),
            env.jdbcUser(),
            env.jdbcPassword(),
            options.redisUri(),
            runId,
            4);
    ClientSettings client = node.client();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    startNanos = System.nanoTime();
    FaultSchedule schedule = null;
    try (OrderSender orders =
            unsafe
                ? new PlainOrderSender(client)
                : new SteadfastOrderSender(client, IN_FLIGHT, tally);
        BillingNode billing = BillingNode.start(node, handlerFaults, tally);
        FaultSchedule faults = FaultSchedule.plan(options, env, node, tally, handlerFaults, this)) {
      sender = orders;
      schedule = faults;
      ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
      CompletableFuture<Void> faultsDone = faults.start();
      sendAll(faults);
      faultsDone.join();
      window.acquire(IN_FLIGHT); // every send reported back
      window.release(IN_FLIGHT);
      resendFailed();
      committed.addAll(faults.committedByCrashedProducer());
      awaitAllPaid();
      status = "stopping consumers";
    } finally {
      ticker.shutdownNow();
      tick();
      out.println();
    }
    return result(label, schedule);
  }

  private OrderCreated order(int i) {
    return order(runId, i);
  }

  /** Order {@code i} of run {@code runId}: the same order wherever it is placed. */
  static OrderCreated order(String runId, int i) {
    return new OrderCreated("o-" + runId + "-" + i, "customer-" + (i % 100), 100 + i % 900);
  }

  /**
   * Sends every order once at the configured rate, waiting at the schedule's gate while a fault
   * runs.
   */
  private void sendAll(FaultSchedule faults) throws InterruptedException {
    long nanosPerOrder = 1_000_000_000L / options.rate();
    long next = System.nanoTime();
    for (int i = 0; i < options.orders(); i++) {
      while (i >= faults.gate()) {
        Thread.sleep(50);
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      next = Math.max(next + nanosPerOrder, System.nanoTime() - 1_000_000_000L);
      sendOne(order(i));
      sent.incrementAndGet();
    }
  }

  /** Sends, counting the ack or the failure the caller is told about. */
  private CompletableFuture<?> sendOne(OrderCreated order) throws InterruptedException {
    window.acquire();
    tally.sendCalls.incrementAndGet();
    CompletableFuture<?> f;
    try {
      f = sender.send(order);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.whenComplete(
        (receipt, e) -> {
          if (e == null) {
            tally.sendsAcked.incrementAndGet();
            acked.add(order.orderId());
            failed.remove(order.orderId());
          } else {
            tally.sendsFailed.incrementAndGet();
            Throwable cause =
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String outcome =
                cause instanceof SendFailedException sfe
                    ? sfe.outcome().name()
                    : cause.getClass().getSimpleName();
            failedByOutcome.merge(outcome, 1L, Long::sum);
            if (!acked.contains(order.orderId())) {
              failed.put(order.orderId(), order);
            }
          }
          window.release();
        });
  }

  /** Sends all of {@code orders} and waits until each send reported back, acked or not. */
  private void sendAndWait(List<OrderCreated> orders) throws InterruptedException {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (OrderCreated order : orders) {
      sends.add(sendOne(order).exceptionally(e -> null));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
  }

  @Override
  public void resendFirst(int count) throws InterruptedException {
    List<OrderCreated> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      orders.add(order(i));
    }
    sendAndWait(orders);
  }

  /** What the application does with failures it was told about: send the same orders again. */
  private void resendFailed() throws InterruptedException {
    for (int round = 1; round <= 3 && !failed.isEmpty(); round++) {
      status = "re-sending " + failed.size() + " failed orders";
      sendAndWait(List.copyOf(failed.values()));
    }
    status = "";
  }

  /**
   * Waits until every acked or committed order has a payment (or no payment was made for {@link
   * #STALL}, or the deadline passed), then until the consumers are quiet.
   */
  private void awaitAllPaid() throws InterruptedException {
    status = "waiting for every acked order to be paid";
    long deadline = System.nanoTime() + Duration.ofSeconds(120 + options.orders() / 20).toNanos();
    long lastChange = System.nanoTime();
    long last = -1;
    while (System.nanoTime() < deadline && System.nanoTime() - lastChange < STALL.toNanos()) {
      Map<String, Integer> counts = payments.perOrder();
      if (counts.keySet().containsAll(acked) && counts.keySet().containsAll(committed)) {
        break;
      }
      if (counts.size() != last) {
        last = counts.size();
        lastChange = System.nanoTime();
      }
      Thread.sleep(500);
    }
    status = "settling: late redeliveries";
    long lastPayments = -1;
    long lastActivity = -1;
    int quietSeconds = 0;
    long settleDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (quietSeconds < 3 && System.nanoTime() < settleDeadline) {
      Thread.sleep(1000);
      long paymentsNow = payments.total();
      long activity =
          tally.processedCount() + tally.duplicatesSuppressedCount() + tally.redeliveriesCount();
      quietSeconds = paymentsNow == lastPayments && activity == lastActivity ? quietSeconds + 1 : 0;
      lastPayments = paymentsNow;
      lastActivity = activity;
    }
    status = "";
  }

  @Override
  public int sent() {
    return sent.get();
  }

  @Override
  public long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public void status(String what) {
    status = what;
  }

  /** Once a second: a timeline sample and the live progress line. */
  private void tick() {
    long paid;
    try {
      paid = payments.total();
    } catch (RuntimeException e) {
      paid = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).paid();
    }
    timeline.add(new Sample(elapsedMillis(), tally.sendsAcked.get(), paid));
    String line =
        String.format(
            "[%4ds] sent %d/%d | acked %d | paid %d | duplicates suppressed %d | redelivered %d |"
                + " send retries %d%s",
            elapsedMillis() / 1000,
            sent.get(),
            options.orders(),
            tally.sendsAcked.get(),
            paid,
            tally.duplicatesSuppressedCount(),
            tally.redeliveriesCount(),
            tally.sendRetriesCount(),
            status.isEmpty() ? "" : " | " + status);
    if (System.console() != null) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  private ScenarioResult result(String label, FaultSchedule schedule) {
    Map<String, Integer> counts = payments.perOrder();
    long rows = counts.values().stream().mapToLong(Integer::longValue).sum();
    Set<String> owed = new HashSet<>(acked);
    owed.addAll(committed);
    long lost = owed.stream().filter(o -> !counts.containsKey(o)).count();
    return new ScenarioResult(
        label,
        unsafe,
        options.orders(),
        tally.sendCalls.get(),
        tally.sendsAcked.get(),
        new TreeMap<>(failedByOutcome),
        acked.size(),
        options.orders() - acked.size(),
        committed.size(),
        rows,
        rows - counts.size(),
        lost,
        tally.duplicatesSuppressedCount(),
        tally.redeliveriesCount(),
        tally.sendRetriesCount(),
        schedule.records(counts),
        List.copyOf(timeline),
        elapsedMillis());
  }
}
