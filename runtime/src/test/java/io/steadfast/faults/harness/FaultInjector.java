package io.steadfast.faults.harness;

import io.steadfast.faults.harness.FaultSchedule.Fault;
import io.steadfast.faults.harness.FaultSchedule.Kind;
import io.steadfast.testkit.FaultyLink;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects a schedule's faults at their times: into the child JVMs (consumer slots {@code c<n>}, the
 * application slot {@code app}), the cluster, the store's link and the link between the clients and
 * the cluster (the proxy's for gRPC, the master's for the remoting client).
 */
final class FaultInjector {
  private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

  private final HarnessEnvironment env;
  private final ChildProcesses children;
  private final FaultyLink storeLink;
  private final FaultyLink netLink;
  private final String id;
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);

  /**
   * @param storeLink carries the STORE_* faults
   * @param netLink carries the NET_* faults: the link of the schedule's transport
   */
  FaultInjector(
      HarnessEnvironment env,
      ChildProcesses children,
      FaultyLink storeLink,
      FaultyLink netLink,
      String id) {
    this.env = env;
    this.children = children;
    this.storeLink = storeLink;
    this.netLink = netLink;
    this.id = id;
  }

  /** How many faults of each kind were injected so far. */
  Map<Kind, Integer> injected() {
    synchronized (injected) {
      return Map.copyOf(injected);
    }
  }

  /**
   * Injects every fault of {@code faults} at its time after {@code start} (nanos), each on a thread
   * of its own; the future completes when all are over.
   */
  CompletableFuture<Void> startAll(List<Fault> faults, long start) {
    ExecutorService injecting = Executors.newCachedThreadPool();
    CompletableFuture<?>[] running =
        faults.stream()
            .map(f -> CompletableFuture.runAsync(() -> inject(f, start), injecting))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(running).whenComplete((ok, e) -> injecting.shutdown());
  }

  /** Waits until {@code fault}'s time after {@code start} (nanos), injects it, heals it. */
  private void inject(Fault fault, long start) {
    try {
      long wait = start + fault.at().toNanos() - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      synchronized (injected) {
        injected.merge(fault.kind(), 1, Integer::sum);
      }
      log.info("harness {}: {} for {}", id, fault.kind(), fault.length());
      switch (fault.kind()) {
        case CONSUMER_KILL, CONSUMER_CLOSE ->
            childFault("c" + fault.target(), fault.kind() == Kind.CONSUMER_KILL, fault.length());
        case APP_KILL -> childFault("app", true, fault.length());
        case BROKER_KILL, SLAVE_STOP -> clusterFault(fault);
        case STORE_STALL -> linkFault(storeLink, FaultyLink::blackhole, fault.length());
        case STORE_RESET -> storeLink.resetAll();
        case STORE_DROP_REPLIES -> linkFault(storeLink, FaultyLink::dropReplies, fault.length());
        case NET_LATENCY ->
            linkFault(netLink, l -> l.latency(Duration.ofMillis(100)), fault.length());
        case NET_BLACKHOLE -> linkFault(netLink, FaultyLink::blackhole, fault.length());
        case NET_RESET -> netLink.resetAll();
        case NET_DROP_REPLIES -> linkFault(netLink, FaultyLink::dropReplies, fault.length());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("harness " + id + ": injecting " + fault + " failed", e);
    }
  }

  private void childFault(String slot, boolean crash, Duration length) throws InterruptedException {
    children.stop(slot, crash);
    Thread.sleep(length.toMillis());
    children.start(slot);
  }

  /** Broker and slave faults one at a time: a restart waits for the replicas to be in sync. */
  private void clusterFault(Fault fault) throws InterruptedException {
    synchronized (env.mq) {
      if (fault.kind() == Kind.BROKER_KILL) {
        env.mq.killBroker();
        Thread.sleep(fault.length().toMillis());
        env.mq.restartBroker();
      } else {
        env.mq.stopSlave();
        Thread.sleep(fault.length().toMillis());
        env.mq.startSlave();
      }
    }
  }

  private static void linkFault(FaultyLink link, Consumer<FaultyLink> fault, Duration length)
      throws InterruptedException {
    fault.accept(link);
    Thread.sleep(length.toMillis());
    link.heal();
    // Connections whose answers were held or dropped are stale: make the clients reconnect.
    link.resetAll();
  }

  /** Heals every link and starts again every child that is not running. */
  void recover() {
    env.healAll();
    children.restartStopped();
  }
}
