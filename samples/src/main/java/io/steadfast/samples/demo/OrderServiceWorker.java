package io.steadfast.samples.demo;

import io.steadfast.Steadfast;
import io.steadfast.outbox.JdbcOutbox;
import io.steadfast.samples.billing.BillingStores;
import io.steadfast.samples.orders.OrderCreated;
import io.steadfast.samples.orders.OrderOutbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Main class of the order service JVM that the producer-crash fault kills between its commits and
 * its sends. A line {@value #PLACE}{@code <first> <count>} on stdin makes it place {@code count}
 * orders numbered from {@code first}, each in one transaction: the order row and, with Steadfast,
 * its "order created" outbox row ({@link OrderOutbox}). It then prints {@value #COMMITTED} and
 * stops right there, where an order service sends its events after the commit: the unsafe one with
 * the plain client ({@link PlainOrderSender}), the Steadfast one by its outbox relay. The demo
 * SIGKILLs it at that point.
 */
public final class OrderServiceWorker {
  static final String PLACE = "PLACE";
  static final String COMMITTED = "COMMITTED ";

  private OrderServiceWorker() {}

  public static void main(String[] args) throws Exception {
    NodeSettings settings = NodeSettings.fromArgs(args);
    DataSource db =
        BillingStores.payments(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword())
            .getConfiguration()
            .getEnvironment()
            .getDataSource();
    OrderTable.create(db);
    OrderOutbox events =
        settings.unsafe()
            ? null
            : Steadfast.producer(
                OrderOutbox.class, JdbcOutbox.builder(db).createTable(true).build());
    System.out.println(WorkerProcess.READY);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = line.split(" ");
      if (command[0].equals(PLACE)) {
        int first = Integer.parseInt(command[1]);
        int count = Integer.parseInt(command[2]);
        for (int i = first; i < first + count; i++) {
          place(db, events, settings.runId(), Scenario.order(settings.runId(), i));
        }
        System.out.println(COMMITTED + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // the events would be sent now: the demo kills this JVM
      }
    }
  }

  /** The order row and, with an outbox, its event, in one transaction. */
  private static void place(DataSource db, OrderOutbox events, String runId, OrderCreated order)
      throws Exception {
    try (Connection tx = db.getConnection()) {
      tx.setAutoCommit(false);
      OrderTable.insert(tx, order, runId);
      if (events != null) {
        events.created(tx, order.orderId(), order);
      }
      tx.commit();
    }
  }
}
