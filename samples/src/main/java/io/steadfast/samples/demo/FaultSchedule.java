package io.steadfast.samples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults chosen with {@code --faults}, injected one after another while orders are sent:
 * producer-retry at 10% of the orders, producer-crash at 15%, consumer-kill at 25%, slave-outage at
 * 45%, broker-kill at 70%; handler-failure throws in the handlers throughout ({@link DemoFaults}).
 * Orders past the next fault's threshold wait until the current fault is over ({@link #gate()}), so
 * every fault meets a run in progress. Closing it stops the worker JVMs it started.
 */
final class FaultSchedule implements AutoCloseable {
  /** Every this-many-th order's handler throws after writing the payment, on the first attempt. */
  static final int FAIL_EVERY = 37;

  private static final Duration SLAVE_OUTAGE = Duration.ofSeconds(8);

  /** What the faults need from the run they disturb. */
  interface Run {
    /** Orders sent so far (first sends only). */
    int sent();

    /** Milliseconds since the run started. */
    long elapsedMillis();

    /** Shows what is going on in the progress line; "" for nothing. */
    void status(String what);

    /** Sends the first {@code count} orders again and waits until each send reported back. */
    void resendFirst(int count) throws InterruptedException;
  }

  /** A scheduled fault: starts once {@code threshold} orders were sent; returns what happened. */
  private record Fault(String name, int threshold, Action action) {}

  @FunctionalInterface
  private interface Action {
    FaultRecord run(String name, long start) throws Exception;
  }

  private final DemoOptions options;
  private final DemoEnvironment env;
  private final NodeSettings node;
  private final Tally tally;
  private final DemoFaults handlerFaults;
  private final Run run;
  private final List<Fault> faults = new ArrayList<>();
  private final List<FaultRecord> records = new CopyOnWriteArrayList<>();
  private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
  private ProducerCrash producerCrash;
  private volatile int gate;
  private volatile String killedOrder;

  private FaultSchedule(
      DemoOptions options,
      DemoEnvironment env,
      NodeSettings node,
      Tally tally,
      DemoFaults handlerFaults,
      Run run) {
    this.options = options;
    this.env = env;
    this.node = node;
    this.tally = tally;
    this.handlerFaults = handlerFaults;
    this.run = run;
  }

  /**
   * Plans the chosen faults; with producer-crash and consumer-kill, starts the JVMs that will be
   * killed.
   */
  static FaultSchedule plan(
      DemoOptions options,
      DemoEnvironment env,
      NodeSettings node,
      Tally tally,
      DemoFaults handlerFaults,
      Run run)
      throws InterruptedException {
    FaultSchedule s = new FaultSchedule(options, env, node, tally, handlerFaults, run);
    try {
      int n = options.orders();
      if (options.injects("producer-retry")) {
        s.faults.add(new Fault("producer-retry", n / 10, s::producerRetry));
      }
      if (options.injects("producer-crash")) {
        s.producerCrash =
            ProducerCrash.prepare(node, env.dataDir().resolve(node.runId() + "-order-service.log"));
        s.faults.add(new Fault("producer-crash", n * 15 / 100, s::producerCrash));
      }
      if (options.injects("consumer-kill")) {
        // The worker consumes from the start, so it holds messages when it is killed.
        WorkerProcess worker = s.startWorker(1);
        s.faults.add(
            new Fault(
                "consumer-kill", n / 4, (name, start) -> s.consumerKill(name, start, worker)));
      }
      if (options.injects("slave-outage")) {
        s.faults.add(new Fault("slave-outage", n * 45 / 100, s::slaveOutage));
      }
      if (options.injects("broker-kill")) {
        s.faults.add(new Fault("broker-kill", n * 70 / 100, s::brokerKill));
      }
      s.gate = s.threshold(1);
      return s;
    } catch (RuntimeException | InterruptedException e) {
      s.close();
      throw e;
    }
  }

  /** Orders from this index on wait: the fault after the current one must not start early. */
  int gate() {
    return gate;
  }

  /** Runs the faults in order, each once its threshold of sent orders is reached. */
  CompletableFuture<Void> start() {
    return CompletableFuture.runAsync(this::runAll);
  }

  private void runAll() {
    for (int k = 0; k < faults.size(); k++) {
      Fault fault = faults.get(k);
      try {
        while (run.sent() < fault.threshold()) {
          Thread.sleep(50);
        }
        run.status(fault.name());
        records.add(fault.action().run(fault.name(), run.elapsedMillis()));
      } catch (Exception e) {
        records.add(
            new FaultRecord(
                fault.name(), run.elapsedMillis(), run.elapsedMillis(), false, "failed: " + e));
      } finally {
        run.status("");
        gate = threshold(k + 2);
      }
    }
  }

  /** The threshold of the k-th fault, or every order when there is none. */
  private int threshold(int k) {
    return k < faults.size() ? faults.get(k).threshold() : options.orders();
  }

  private FaultRecord producerRetry(String name, long start) throws InterruptedException {
    int count = Math.max(5, options.orders() / 100);
    run.resendFirst(count);
    return happened(
        name,
        start,
        "re-sent "
            + count
            + " already acked orders with the same key (o-..-0 to o-..-"
            + (count - 1)
            + "); each must still be paid once");
  }

  /** Orders the crashed order service commits: numbered after the scenario's own. */
  private FaultRecord producerCrash(String name, long start) throws Exception {
    int count = Math.max(5, options.orders() / 500);
    return happened(name, start, producerCrash.crash(options.orders(), count));
  }

  /** The orders the crashed order service had committed (none without producer-crash). */
  List<String> committedByCrashedProducer() {
    return producerCrash == null ? List.of() : producerCrash.committed();
  }

  private WorkerProcess startWorker(int number) throws InterruptedException {
    WorkerProcess worker =
        WorkerProcess.start(
            BillingWorker.class,
            node.worker().toArgs(),
            node.jdbcPassword(),
            env.dataDir().resolve(node.runId() + "-worker-" + number + ".log"));
    workers.add(worker);
    if (!worker.awaitReady(Duration.ofSeconds(90))) {
      throw new IllegalStateException(
          "billing worker JVM " + worker.pid() + " did not start; see its log in " + env.dataDir());
    }
    return worker;
  }

  private FaultRecord consumerKill(String name, long start, WorkerProcess worker)
      throws InterruptedException {
    String order = worker.request(BillingWorker.ARM, DemoFaults.HANDLING, Duration.ofSeconds(60));
    if (order == null) {
      return new FaultRecord(
          name,
          start,
          run.elapsedMillis(),
          false,
          "the worker JVM received no order to be killed in within 60 s");
    }
    int exit = worker.kill();
    killedOrder = order;
    startWorker(2);
    return happened(
        name,
        start,
        "billing worker JVM pid "
            + worker.pid()
            + " killed with SIGKILL (exit "
            + exit
            + ") inside the handler of "
            + order
            + "; a new worker JVM started");
  }

  private FaultRecord slaveOutage(String name, long start) throws InterruptedException {
    SendMark before = mark();
    env.cluster().stopSlave();
    Thread.sleep(SLAVE_OUTAGE.toMillis());
    long startingAt = run.elapsedMillis();
    env.cluster().startSlave();
    return happened(
        name,
        start,
        "slave JVM stopped for "
            + SLAVE_OUTAGE.toSeconds()
            + " s, then started (its start took "
            + (run.elapsedMillis() - startingAt) / 1000
            + " s); meanwhile "
            + before.since(tally));
  }

  private FaultRecord brokerKill(String name, long start) {
    SendMark before = mark();
    env.cluster().killBroker();
    long killedAt = run.elapsedMillis();
    env.cluster().restartBroker();
    return happened(
        name,
        start,
        "master broker JVM killed with SIGKILL (proxy with it), restarted on the same store in "
            + (run.elapsedMillis() - killedAt) / 1000
            + " s; meanwhile "
            + before.since(tally)
            + " (re-sent later)");
  }

  /** A fault that was injected, over now. */
  private FaultRecord happened(String name, long start, String what) {
    return new FaultRecord(name, start, run.elapsedMillis(), true, what);
  }

  private SendMark mark() {
    return new SendMark(tally.sendRetriesCount(), tally.sendsFailed.get());
  }

  /** The sender's retry and failure counts when a fault began. */
  private record SendMark(long retries, long failures) {
    /** "N send retries, M sends failed to the caller" since this mark. */
    String since(Tally tally) {
      return (tally.sendRetriesCount() - retries)
          + " send retries, "
          + (tally.sendsFailed.get() - failures)
          + " sends failed to the caller";
    }
  }

  /** Every injected fault and what came of it, given the payments made per order id. */
  List<FaultRecord> records(Map<String, Integer> paid) {
    List<FaultRecord> result = new ArrayList<>(records);
    if (options.injects("handler-failure")) {
      Set<String> failed = handlerFaults.failedOrders();
      long paidTwice = failed.stream().filter(o -> paid.getOrDefault(o, 0) > 1).count();
      result.add(
          0,
          new FaultRecord(
              "handler-failure",
              0,
              run.elapsedMillis(),
              !failed.isEmpty(),
              "the handler threw after writing the payment on the first attempt of "
                  + failed.size()
                  + " orders (every "
                  + FAIL_EVERY
                  + "th); "
                  + paidTwice
                  + " of them were paid twice"));
    }
    if (producerCrash != null) {
      result.replaceAll(
          f ->
              f.name().equals("producer-crash") && f.happened()
                  ? new FaultRecord(
                      f.name(),
                      f.startMillis(),
                      f.endMillis(),
                      true,
                      f.what() + producerCrash.outcome(paid))
                  : f);
    }
    String killed = killedOrder;
    if (killed != null) {
      result.replaceAll(
          f ->
              f.name().equals("consumer-kill")
                  ? new FaultRecord(
                      f.name(),
                      f.startMillis(),
                      f.endMillis(),
                      f.happened(),
                      f.what()
                          + "; "
                          + killed
                          + " was paid "
                          + paid.getOrDefault(killed, 0)
                          + " time(s)")
                  : f);
    }
    return List.copyOf(result);
  }

  /** Stops the worker JVMs (SIGTERM: they close their consumers) and the outbox relay. */
  @Override
  public void close() throws InterruptedException {
    for (WorkerProcess w : workers) {
      w.close();
    }
    if (producerCrash != null) {
      producerCrash.close();
    }
  }
}
