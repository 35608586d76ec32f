package io.steadfast.samples.demo;

import io.steadfast.samples.orders.OrderCreated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The order service's business table, {@code demo_orders}, in the payments database: a row per
 * placed order, tagged with the run. For the producer-crash fault its rows are the ground truth of
 * what the customer was told: an order row that committed must be paid.
 */
final class OrderTable {
  private OrderTable() {}

  static void create(DataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS demo_orders (order_id VARCHAR(100) PRIMARY KEY,"
              + " run_id VARCHAR(40) NOT NULL, amount BIGINT NOT NULL)");
    }
  }

  /** Inserts {@code order} on {@code tx}, in the caller's transaction. */
  static void insert(Connection tx, OrderCreated order, String runId) throws SQLException {
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO demo_orders (order_id, run_id, amount) VALUES (?, ?, ?)")) {
      insert.setString(1, order.orderId());
      insert.setString(2, runId);
      insert.setLong(3, order.amountCents());
      insert.executeUpdate();
    }
  }

  /** The orders of {@code runId} that committed. */
  static List<String> committed(DataSource db, String runId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT order_id FROM demo_orders WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }
}
