package io.steadfast.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The lease protocol of the outbox and inbox tables ({@link LeaseSql}) run through a table's {@link
 * JdbcStatements}: claims in one short transaction, then owner-checked changes of single rows.
 * Internal; not for direct use.
 */
public final class LeasedRows {
  private final JdbcStatements statements;
  private final LeaseSql sql;

  public LeasedRows(JdbcStatements statements, LeaseSql sql) {
    this.statements = statements;
    this.sql = sql;
  }

  /** Reads one claimed row. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet rs, String owner) throws SQLException;
  }

  /**
   * Leases the rows that {@code candidates} selects (their ids, locked {@code FOR UPDATE SKIP
   * LOCKED}, so concurrent claimers take disjoint rows) to a fresh owner token for {@code lease},
   * in one transaction, and reads the rows it then owns.
   *
   * @param candidates a {@code SELECT id ...} statement
   * @param bindCandidates binds {@code candidates}' parameters
   * @param columns the columns {@code reader} reads
   */
  public <T> List<T> claim(
      String what,
      String candidates,
      JdbcStatements.Binder bindCandidates,
      Duration lease,
      String columns,
      RowReader<T> reader) {
    String owner = UUID.randomUUID().toString();
    return statements.inTransaction(
        what,
        c -> {
          List<Long> ids = candidates(c, candidates, bindCandidates);
          return ids.isEmpty() ? List.of() : lease(c, ids, owner, lease, columns, reader);
        });
  }

  private List<Long> candidates(Connection c, String candidates, JdbcStatements.Binder binder)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select = statements.prepare(c, candidates)) {
      binder.bind(select);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private <T> List<T> lease(
      Connection c,
      List<Long> ids,
      String owner,
      Duration lease,
      String columns,
      RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement update = statements.prepare(c, sql.lease(ids.size()))) {
      update.setString(1, owner);
      update.setLong(2, lease.toMillis());
      JdbcStatements.bindIds(update, 3, ids);
      update.executeUpdate();
    }
    List<T> claimed = new ArrayList<>();
    try (PreparedStatement select = statements.prepare(c, sql.claimed(columns, ids.size()))) {
      JdbcStatements.bindIds(select, 1, ids);
      select.setString(ids.size() + 1, owner);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          claimed.add(reader.read(rs, owner));
        }
      }
    }
    return claimed;
  }

  /** Ends the claim of row {@code id}: due again after {@code delay}, keeping {@code reason}. */
  public void retryLater(long id, String owner, Duration delay, String reason) {
    statements.update(
        "cannot schedule a retry of row " + id,
        sql.retryLater,
        ps -> {
          ps.setLong(1, delay.toMillis());
          ps.setString(2, SqlColumns.truncated(reason));
          ps.setLong(3, id);
          ps.setString(4, owner);
        });
  }

  /**
   * Extends the claim of row {@code id} to {@code lease} from now; false if {@code owner} no longer
   * holds it (another claim took it after the lease ran out, or it is no longer PENDING).
   */
  public boolean renew(long id, String owner, Duration lease) {
    return statements.update(
            "cannot renew the lease of row " + id,
            sql.renew,
            ps -> {
              ps.setLong(1, lease.toMillis());
              ps.setLong(2, id);
              ps.setString(3, owner);
            })
        > 0;
  }

  /** Parks claimed row {@code id}, keeping {@code reason}. */
  public void park(long id, String owner, String reason) {
    statements.update(
        "cannot park row " + id,
        sql.park,
        ps -> {
          ps.setString(1, SqlColumns.truncated(reason));
          ps.setLong(2, id);
          ps.setString(3, owner);
        });
  }

  /** Makes parked row {@code id} PENDING again; false if no parked row has this id. */
  public boolean replay(long id) {
    return statements.update("cannot replay row " + id, sql.replay, ps -> ps.setLong(1, id)) > 0;
  }
}
