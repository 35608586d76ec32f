package io.steadfast.benchmarks.store;

import io.steadfast.benchmarks.store.StoreUnderTest.Baseline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** The hand-written patterns each store is compared with, on the same server. */
final class PlainBaselines {
  /** Columns of an SQL baseline table: the key, and a state its completion sets. */
  static final String TABLE_COLUMNS = "(k VARCHAR(64) PRIMARY KEY, state CHAR(1))";

  private static final SetParams SEEN = SetParams.setParams().nx().px(2_000);
  private static final SetParams DONE = SetParams.setParams().px(2_000);

  private PlainBaselines() {}

  /** {@code SET NX PX} per key; batches in one pipeline. */
  static Baseline redis(UnifiedJedis jedis, String prefix) {
    return new Baseline() {
      @Override
      public boolean claim(String key) {
        return jedis.set(prefix + key, "1", SEEN) != null;
      }

      @Override
      public int claimAll(List<String> keys) {
        return claimAndMaybeComplete(keys, false);
      }

      @Override
      public int claimAndCompleteAll(List<String> keys) {
        return claimAndMaybeComplete(keys, true);
      }

      private int claimAndMaybeComplete(List<String> keys, boolean complete) {
        List<Response<String>> replies = new ArrayList<>(keys.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
          for (String key : keys) {
            replies.add(pipeline.set(prefix + key, "1", SEEN));
          }
          if (complete) {
            for (String key : keys) {
              pipeline.set(prefix + key, "D", DONE);
            }
          }
          pipeline.sync();
        }
        return (int) replies.stream().filter(r -> r.get() != null).count();
      }
    };
  }

  /**
   * PostgreSQL and H2 (in PostgreSQL mode): keys travel as one array parameter. H2 has no {@code
   * INSERT ... RETURNING}: it reads the inserted rows from {@code FINAL TABLE}.
   */
  static Baseline sqlWithArrays(DataSource dataSource, String table, boolean h2) {
    return new SqlBaseline(dataSource, table) {
      @Override
      String insertAll(int count) {
        return "INSERT INTO " + table + " (k) SELECT * FROM unnest(?) ON CONFLICT DO NOTHING";
      }

      @Override
      String insertAllReturning(int count) {
        return h2
            ? "SELECT k FROM FINAL TABLE (" + insertAll(count) + ")"
            : insertAll(count) + " RETURNING k";
      }

      @Override
      void bindInsert(Connection connection, PreparedStatement statement, List<String> keys)
          throws SQLException {
        statement.setArray(1, connection.createArrayOf("VARCHAR", keys.toArray()));
      }
    };
  }

  /** MariaDB: no arrays, one placeholder per key. */
  static Baseline mariadb(DataSource dataSource, String table) {
    return new SqlBaseline(dataSource, table) {
      @Override
      String insertAll(int count) {
        return "INSERT IGNORE INTO " + table + " (k) VALUES " + placeholders(count, "(?)");
      }

      @Override
      String insertAllReturning(int count) {
        return insertAll(count) + " RETURNING k";
      }

      @Override
      void bindInsert(Connection connection, PreparedStatement statement, List<String> keys)
          throws SQLException {
        bindEach(statement, keys);
      }
    };
  }

  private static void bindEach(PreparedStatement statement, List<String> keys) throws SQLException {
    for (int i = 0; i < keys.size(); i++) {
      statement.setString(i + 1, keys.get(i));
    }
  }

  private static String placeholders(int count, String each) {
    return String.join(",", Collections.nCopies(count, each));
  }

  /** Autocommit statements on a one-key table; each batch statement takes all keys at once. */
  private abstract static class SqlBaseline implements Baseline {
    private final DataSource dataSource;
    final String table;

    SqlBaseline(DataSource dataSource, String table) {
      this.dataSource = dataSource;
      this.table = table;
    }

    abstract String insertAll(int count);

    /** An insert of all keys that skips existing ones and returns the inserted keys. */
    abstract String insertAllReturning(int count);

    abstract void bindInsert(Connection connection, PreparedStatement statement, List<String> keys)
        throws SQLException;

    /** An {@code IN} list, one placeholder per key: every database here uses the key's index. */
    private String completeAll(int count) {
      return "UPDATE " + table + " SET state = 'D' WHERE k IN (" + placeholders(count, "?") + ")";
    }

    @Override
    public boolean claim(String key) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO " + table + " (k) VALUES (?)")) {
        insert.setString(1, key);
        return insert.executeUpdate() == 1;
      }
    }

    @Override
    public int claimAll(List<String> keys) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert = connection.prepareStatement(insertAll(keys.size()))) {
        bindInsert(connection, insert, keys);
        return insert.executeUpdate();
      }
    }

    @Override
    public int claimAndCompleteAll(List<String> keys) throws SQLException {
      try (Connection connection = dataSource.getConnection()) {
        int inserted = 0;
        try (PreparedStatement claim =
            connection.prepareStatement(insertAllReturning(keys.size()))) {
          bindInsert(connection, claim, keys);
          try (ResultSet rows = claim.executeQuery()) {
            while (rows.next()) {
              inserted++;
            }
          }
        }
        try (PreparedStatement complete = connection.prepareStatement(completeAll(keys.size()))) {
          bindEach(complete, keys);
          complete.executeUpdate();
        }
        return inserted;
      }
    }
  }
}
