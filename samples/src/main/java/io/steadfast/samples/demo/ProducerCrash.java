package io.steadfast.samples.demo;

import io.steadfast.Steadfast;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.outbox.OutboxRelay;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import io.steadfast.samples.billing.BillingStores;
import io.steadfast.samples.orders.OrderEvents;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The producer-crash fault, "killed between commit and send": an order service JVM ({@link
 * OrderServiceWorker}) commits a few orders and is SIGKILLed before it sends their events. The
 * unsafe service sends after the commit, so those orders exist and no message will ever say so. The
 * Steadfast service committed an outbox row with each order: the restarted service's outbox relay
 * (here, in the demo JVM) sends them, and billing pays each once.
 */
final class ProducerCrash implements AutoCloseable {
  private final NodeSettings node;
  private final DataSource db;
  private final WorkerProcess service;
  private final Path log;
  private List<String> committed = List.of();
  private ReliableSender relaySender;
  private OutboxRelay relay;

  private ProducerCrash(NodeSettings node, DataSource db, WorkerProcess service, Path log) {
    this.node = node;
    this.db = db;
    this.service = service;
    this.log = log;
  }

  /**
   * Starts the order service JVM without waiting for it, so that it starts beside the orders sent
   * until the fault comes.
   */
  static ProducerCrash prepare(NodeSettings node, Path log) {
    DataSource db =
        BillingStores.payments(node.jdbcUrl(), node.jdbcUser(), node.jdbcPassword())
            .getConfiguration()
            .getEnvironment()
            .getDataSource();
    WorkerProcess service =
        WorkerProcess.start(OrderServiceWorker.class, node.toArgs(), node.jdbcPassword(), log);
    return new ProducerCrash(node, db, service, log);
  }

  /**
   * Has the service commit orders {@code first} to {@code first + count - 1}, kills it, and (with
   * Steadfast) starts the relay of its outbox; returns what happened.
   */
  String crash(int first, int count) throws InterruptedException, SQLException {
    if (!service.awaitReady(Duration.ofSeconds(90))) {
      throw new IllegalStateException(
          "order service JVM " + service.pid() + " did not start; see its log " + log);
    }
    String answer =
        service.request(
            OrderServiceWorker.PLACE + " " + first + " " + count,
            OrderServiceWorker.COMMITTED,
            Duration.ofSeconds(60));
    if (answer == null) {
      throw new IllegalStateException("the order service JVM committed nothing within 60 s");
    }
    int exit = service.kill();
    committed = OrderTable.committed(db, node.runId());
    String what =
        "order service JVM pid "
            + service.pid()
            + " committed "
            + committed.size()
            + " orders ("
            + Scenario.order(node.runId(), first).orderId()
            + " to -"
            + (first + count - 1)
            + "), then was killed with SIGKILL (exit "
            + exit
            + ") before sending their events; ";
    if (node.unsafe()) {
      return what + "its plain sends after the commit never happened";
    }
    relaySender =
        Steadfast.sender(SenderConfig.builder(node.client()).topics(OrderEvents.TOPIC).build());
    relay =
        Steadfast.outboxRelay(
            OutboxRelayConfig.builder(JdbcOutbox.builder(db).build(), relaySender).build());
    return what + "the restarted service's outbox relay sends them";
  }

  /** The orders the killed service had committed. */
  List<String> committed() {
    return committed;
  }

  /** "; N of M paid" for the committed orders, given the payments per order. */
  String outcome(Map<String, Integer> paid) {
    long paidOnce = committed.stream().filter(o -> paid.getOrDefault(o, 0) == 1).count();
    long unpaid = committed.stream().filter(o -> !paid.containsKey(o)).count();
    return "; " + paidOnce + " of " + committed.size() + " paid once, " + unpaid + " never paid";
  }

  @Override
  public void close() throws InterruptedException {
    service.close();
    if (relay != null) {
      relay.close();
      relaySender.close();
    }
  }
}
