package io.steadfast.samples.demo;

import io.steadfast.Steadfast;
import io.steadfast.config.ClientSettings;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.RetryPolicy;
import io.steadfast.produce.SendFailedException;
import io.steadfast.produce.SenderConfig;
import io.steadfast.samples.billing.BillingStores;
import io.steadfast.samples.billing.PaymentMapper;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.orders.OrderEvents;
import io.steadfast.samples.unsafe.UnsafeBilling;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * One run of the order scenario: place N orders at a steady rate while the fault schedule runs,
 * re-send what failed, wait until every acked order is paid, then count payments per order.
 * The same flow runs with Steadfast or with the plain client and the unsafe consumer.
 */
final class Scenario {
  /** Every this-many-th order's handler throws after writing the payment, on the first attempt. */
  static final int FAIL_EVERY = 37;
  private static final int IN_FLIGHT = 256;
  private static final Duration SLAVE_OUTAGE = Duration.ofSeconds(8);
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
  private final DemoFaults faults;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Map<String, OrderCreated> failed = new ConcurrentHashMap<>();
  private final Map<String, Long> failedByOutcome = new ConcurrentHashMap<>();
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final AtomicInteger sent = new AtomicInteger();
  private final List<FaultRecord> faultRecords = new CopyOnWriteArrayList<>();
  private final List<Sample> timeline = new CopyOnWriteArrayList<>();
  private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
  private volatile int gate;
  private volatile String currentFault = "";
  private volatile String killedOrder;
  private long startNanos;
  private SqlSessionFactory payments;
  private Function<OrderCreated, CompletableFuture<?>> send;

  Scenario(DemoOptions options, DemoEnvironment env, boolean unsafe, PrintStream out) {
    this.options = options;
    this.env = env;
    this.unsafe = unsafe;
    this.out = out;
    this.runId = (unsafe ? "u" : "s") + Long.toString(System.currentTimeMillis(), 36);
    this.faults = new DemoFaults(options.injects("handler-failure") ? FAIL_EVERY : 0);
  }

  ScenarioResult run() throws Exception {
    String label = unsafe ? "unsafe: plain client + SET NX / DEL" : "Steadfast";
    out.printf("%n=== %s: %d orders, faults %s, store %s ===%n",
        label, options.orders(), options.faults().isEmpty() ? "none" : String.join(",", faultNames()), options.store());
    NodeSettings node =
        new NodeSettings(
            unsafe, env.cluster().endpoint(), options.store(), env.jdbcUrl(), env.jdbcUser(),
            env.jdbcPassword(), options.redisUri(), runId, 4);
    payments = BillingStores.payments(env.jdbcUrl(), env.jdbcUser(), env.jdbcPassword());
    ClientSettings client =
        ClientSettings.builder(env.cluster().endpoint()).requestTimeout(Duration.ofSeconds(10)).build();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    startNanos = System.nanoTime();
    try (AutoCloseable producer = startProducer(client);
        BillingNode billing = BillingNode.start(node, faults, tally)) {
      ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
      List<Fault> schedule = schedule(node);
      gate = schedule.size() > 1 ? schedule.get(1).threshold() : options.orders();
      CompletableFuture<Void> faultsDone = CompletableFuture.runAsync(() -> runFaults(schedule));
      sendAll();
      faultsDone.join();
      window.acquire(IN_FLIGHT); // every send reported back
      window.release(IN_FLIGHT);
      resendFailed();
      awaitAllPaid();
      currentFault = "stopping consumers";
      for (WorkerProcess w : workers) {
        w.close();
      }
    } finally {
      ticker.shutdownNow();
      tick();
      out.println();
    }
    return result(label);
  }

  private AutoCloseable startProducer(ClientSettings client) throws Exception {
    if (unsafe) {
      // The plain client, as commonly used: its own 3 attempts, then the caller gets the error.
      Producer producer =
          ClientServiceProvider.loadService()
              .newProducerBuilder()
              .setClientConfiguration(client.toClientConfiguration())
              .setTopics(BillingNode.UNSAFE_TOPIC)
              .build();
      send =
          order ->
              producer.sendAsync(
                  ClientServiceProvider.loadService()
                      .newMessageBuilder()
                      .setTopic(BillingNode.UNSAFE_TOPIC)
                      .setTag("created")
                      .setKeys(order.orderId())
                      .setBody(UnsafeBilling.encode(order))
                      .build());
      return producer;
    }
    ReliableSender sender =
        Steadfast.sender(
            SenderConfig.builder(client)
                .topics(OrderEvents.TOPIC)
                .retryPolicy(
                    new RetryPolicy(20, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60)))
                .maxInFlight(IN_FLIGHT)
                .metrics(tally)
                .build());
    OrderEvents events = Steadfast.producer(OrderEvents.class, sender);
    send = order -> events.created(order.orderId(), order);
    return sender;
  }

  private OrderCreated order(int i) {
    return new OrderCreated("o-" + runId + "-" + i, "customer-" + (i % 100), 100 + i % 900);
  }

  /** Sends every order once at the configured rate, waiting at a fault's gate until it is over. */
  private void sendAll() throws InterruptedException {
    long nanosPerOrder = 1_000_000_000L / options.rate();
    long next = System.nanoTime();
    for (int i = 0; i < options.orders(); i++) {
      while (i >= gate) {
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
      f = send.apply(order);
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
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String outcome =
                cause instanceof SendFailedException sfe ? sfe.outcome().name() : cause.getClass().getSimpleName();
            failedByOutcome.merge(outcome, 1L, Long::sum);
            if (!acked.contains(order.orderId())) {
              failed.put(order.orderId(), order);
            }
          }
          window.release();
        });
  }

  /** What the application does with failures it was told about: send the same orders again. */
  private void resendFailed() throws InterruptedException {
    for (int round = 1; round <= 3 && !failed.isEmpty(); round++) {
      currentFault = "re-sending " + failed.size() + " failed orders";
      List<CompletableFuture<?>> resends = new ArrayList<>();
      for (OrderCreated order : List.copyOf(failed.values())) {
        resends.add(sendOne(order));
      }
      CompletableFuture.allOf(resends.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
    currentFault = "";
  }

  /**
   * Waits until every acked order has a payment (or no payment was made for {@link #STALL}, or
   * the deadline passed), then until the consumers are quiet.
   */
  private void awaitAllPaid() throws InterruptedException {
    currentFault = "waiting for every acked order to be paid";
    long deadline = System.nanoTime() + Duration.ofSeconds(120 + options.orders() / 20).toNanos();
    long lastChange = System.nanoTime();
    long last = -1;
    while (System.nanoTime() < deadline && System.nanoTime() - lastChange < STALL.toNanos()) {
      Map<String, Integer> counts = paidCounts();
      if (counts.keySet().containsAll(acked)) {
        break;
      }
      if (counts.size() != last) {
        last = counts.size();
        lastChange = System.nanoTime();
      }
      Thread.sleep(500);
    }
    currentFault = "settling: late redeliveries";
    long lastPayments = -1;
    long lastActivity = -1;
    int quietSeconds = 0;
    long settleDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (quietSeconds < 3 && System.nanoTime() < settleDeadline) {
      Thread.sleep(1000);
      long paymentsNow = countPayments();
      long activity = tally.processedCount() + tally.duplicatesSuppressedCount() + tally.redeliveriesCount();
      quietSeconds = paymentsNow == lastPayments && activity == lastActivity ? quietSeconds + 1 : 0;
      lastPayments = paymentsNow;
      lastActivity = activity;
    }
    currentFault = "";
  }

  /** Payment rows per order id. */
  private Map<String, Integer> paidCounts() {
    Map<String, Integer> counts = new HashMap<>();
    try (SqlSession s = payments.openSession(true)) {
      for (String orderId : s.getMapper(PaymentMapper.class).paidOrderIds(runId)) {
        counts.merge(orderId, 1, Integer::sum);
      }
    }
    return counts;
  }

  private long countPayments() {
    try (SqlSession s = payments.openSession(true)) {
      return s.getMapper(PaymentMapper.class).countPayments(runId);
    }
  }

  private long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Once a second: a timeline sample and the live progress line. */
  private void tick() {
    long paid;
    try {
      paid = countPayments();
    } catch (RuntimeException e) {
      paid = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).paid();
    }
    timeline.add(new Sample(elapsedMillis(), tally.sendsAcked.get(), paid));
    String line =
        String.format(
            "[%4ds] sent %d/%d | acked %d | paid %d | duplicates suppressed %d | redelivered %d | send retries %d%s",
            elapsedMillis() / 1000,
            sent.get(),
            options.orders(),
            tally.sendsAcked.get(),
            paid,
            tally.duplicatesSuppressedCount(),
            tally.redeliveriesCount(),
            tally.sendRetriesCount(),
            currentFault.isEmpty() ? "" : " | " + currentFault);
    if (System.console() != null) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  // ---- faults ------------------------------------------------------------------------------

  /** A scheduled fault: starts once {@code threshold} orders were sent; returns what happened. */
  private record Fault(String name, int threshold, FaultAction action) {}

  @FunctionalInterface
  private interface FaultAction {
    FaultRecord run(String name, long start) throws Exception;
  }

  private List<String> faultNames() {
    return DemoOptions.FAULTS.stream().filter(options::injects).toList();
  }

  /** The chosen faults, at 10%, 25%, 45% and 70% of the orders sent. */
  private List<Fault> schedule(NodeSettings node) throws InterruptedException {
    int n = options.orders();
    List<Fault> schedule = new ArrayList<>();
    if (options.injects("producer-retry")) {
      schedule.add(new Fault("producer-retry", n / 10, this::producerRetry));
    }
    if (options.injects("consumer-kill")) {
      // The worker consumes from the start, so it holds messages when it is killed.
      WorkerProcess worker = startWorker(node, 1);
      schedule.add(new Fault("consumer-kill", n / 4, (name, start) -> consumerKill(name, start, worker, node)));
    }
    if (options.injects("slave-outage")) {
      schedule.add(new Fault("slave-outage", n * 45 / 100, this::slaveOutage));
    }
    if (options.injects("broker-kill")) {
      schedule.add(new Fault("broker-kill", n * 70 / 100, this::brokerKill));
    }
    return schedule;
  }

  private void runFaults(List<Fault> schedule) {
    for (int k = 0; k < schedule.size(); k++) {
      Fault fault = schedule.get(k);
      try {
        while (sent.get() < fault.threshold()) {
          Thread.sleep(50);
        }
        currentFault = fault.name();
        faultRecords.add(fault.action().run(fault.name(), elapsedMillis()));
      } catch (Exception e) {
        faultRecords.add(new FaultRecord(fault.name(), elapsedMillis(), elapsedMillis(), false, "failed: " + e));
      } finally {
        currentFault = "";
        gate = k + 2 < schedule.size() ? schedule.get(k + 2).threshold() : options.orders();
      }
    }
  }

  private FaultRecord producerRetry(String name, long start) throws InterruptedException {
    int count = Math.max(5, options.orders() / 100);
    List<CompletableFuture<?>> resends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      resends.add(sendOne(order(i)).exceptionally(e -> null));
    }
    CompletableFuture.allOf(resends.toArray(CompletableFuture[]::new)).join();
    return new FaultRecord(
        name, start, elapsedMillis(), true,
        "re-sent " + count + " already acked orders with the same key (o-..-0 to o-..-" + (count - 1)
            + "); each must still be paid once");
  }

  private WorkerProcess startWorker(NodeSettings node, int number) throws InterruptedException {
    WorkerProcess worker =
        WorkerProcess.start(node.worker(), env.dataDir().resolve(runId + "-worker-" + number + ".log"));
    workers.add(worker);
    if (!worker.awaitReady(Duration.ofSeconds(90))) {
      throw new IllegalStateException("billing worker JVM " + worker.pid() + " did not start; see its log in " + env.dataDir());
    }
    return worker;
  }

  private FaultRecord consumerKill(String name, long start, WorkerProcess worker, NodeSettings node)
      throws InterruptedException {
    String order = worker.armAndAwaitHandling(Duration.ofSeconds(60));
    if (order == null) {
      return new FaultRecord(name, start, elapsedMillis(), false,
          "the worker JVM received no order to be killed in within 60 s");
    }
    int exit = worker.kill();
    killedOrder = order;
    startWorker(node, 2);
    return new FaultRecord(name, start, elapsedMillis(), true,
        "billing worker JVM pid " + worker.pid() + " killed with SIGKILL (exit " + exit
            + ") inside the handler of " + order + "; a new worker JVM started");
  }

  private FaultRecord slaveOutage(String name, long start) throws InterruptedException {
    long retries = tally.sendRetriesCount();
    long failures = tally.sendsFailed.get();
    env.cluster().stopSlave();
    Thread.sleep(SLAVE_OUTAGE.toMillis());
    env.cluster().startSlave();
    return new FaultRecord(name, start, elapsedMillis(), true,
        "slave JVM stopped for " + SLAVE_OUTAGE.toSeconds() + " s, then started; meanwhile "
            + (tally.sendRetriesCount() - retries) + " send retries, "
            + (tally.sendsFailed.get() - failures) + " sends failed to the caller");
  }

  private FaultRecord brokerKill(String name, long start) {
    long retries = tally.sendRetriesCount();
    long failures = tally.sendsFailed.get();
    env.cluster().killBroker();
    long killedAt = elapsedMillis();
    env.cluster().restartBroker();
    return new FaultRecord(name, start, elapsedMillis(), true,
        "master broker JVM killed with SIGKILL (proxy with it), restarted on the same store in "
            + (elapsedMillis() - killedAt) / 1000 + " s; meanwhile "
            + (tally.sendRetriesCount() - retries) + " send retries, "
            + (tally.sendsFailed.get() - failures) + " sends failed to the caller (re-sent later)");
  }

  // ---- result ------------------------------------------------------------------------------

  private ScenarioResult result(String label) {
    Map<String, Integer> counts = paidCounts();
    long rows = counts.values().stream().mapToLong(Integer::longValue).sum();
    long lost = acked.stream().filter(o -> !counts.containsKey(o)).count();
    List<FaultRecord> records = new ArrayList<>(faultRecords);
    if (options.injects("handler-failure")) {
      Set<String> failedOrders = faults.failedOrders();
      long paidTwice = failedOrders.stream().filter(o -> counts.getOrDefault(o, 0) > 1).count();
      records.add(
          0,
          new FaultRecord("handler-failure", 0, elapsedMillis(), !failedOrders.isEmpty(),
              "the handler threw after writing the payment on the first attempt of " + failedOrders.size()
                  + " orders (every " + FAIL_EVERY + "th); " + paidTwice + " of them were paid twice"));
    }
    if (killedOrder != null) {
        records.replaceAll(
            f -> f.name().equals("consumer-kill")
                ? new FaultRecord(f.name(), f.startMillis(), f.endMillis(), f.happened(),
                    f.what() + "; " + killedOrder + " was paid " + counts.getOrDefault(killedOrder, 0) + " time(s)")
                : f);
    }
    return new ScenarioResult(
        label,
        unsafe,
        options.orders(),
        tally.sendCalls.get(),
        tally.sendsAcked.get(),
        new TreeMap<>(failedByOutcome),
        acked.size(),
        options.orders() - acked.size(),
        rows,
        rows - counts.size(),
        lost,
        tally.duplicatesSuppressedCount(),
        tally.redeliveriesCount(),
        tally.sendRetriesCount(),
        List.copyOf(records),
        List.copyOf(timeline),
        elapsedMillis());
  }
}
