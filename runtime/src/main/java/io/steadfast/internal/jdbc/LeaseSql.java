package io.steadfast.internal.jdbc;

/**
 * The statements of the lease protocol that the outbox and inbox tables share: a claim moves the
 * due time of PENDING rows a lease ahead under a fresh owner token; renewing, retrying and parking
 * check that token. Every time is the database's clock ({@link JdbcDialect#now()}). Internal; not
 * for direct use.
 */
public final class LeaseSql {
  /** The state of a row that waits for (or is held by) a claim. */
  public static final String PENDING = "'PENDING'";

  /** Ends a statement on one claimed row: {@code id, owner}. */
  public static final String OWNED = " WHERE id = ? AND lease_owner = ? AND state = " + PENDING;

  /**
   * Ends a claim: {@code lease_owner = NULL, due_at = now + ?, last_error = ?}, then {@link
   * #OWNED}.
   */
  public final String retryLater;

  /** Extends a claim: {@code due_at = now + ?}, then {@link #OWNED}. */
  public final String renew;

  /** Parks a claimed row: {@code last_error = ?}, then {@link #OWNED}. */
  public final String park;

  /** Makes a parked row PENDING again, due at once, attempts reset: {@code id}. */
  public final String replay;

  private final String table;
  private final String now;

  public LeaseSql(String table, JdbcDialect dialect) {
    this.table = table;
    this.now = dialect.now();
    retryLater =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, due_at = "
            + now
            + " + ?, last_error = ?"
            + OWNED;
    renew = "UPDATE " + table + " SET due_at = " + now + " + ?" + OWNED;
    park = "UPDATE " + table + " SET lease_owner = NULL, state = 'PARKED', last_error = ?" + OWNED;
    replay =
        "UPDATE "
            + table
            + " SET state = "
            + PENDING
            + ", attempts = 0, lease_owner = NULL, due_at = "
            + now
            + " WHERE id = ? AND state = 'PARKED'";
  }

  /** Leases the listed due rows to an owner ({@code owner, lease millis, ids...}). */
  public String lease(int rows) {
    return "UPDATE "
        + table
        + " SET lease_owner = ?, attempts = attempts + 1, due_at = "
        + now
        + " + ? WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND state = "
        + PENDING
        + " AND due_at <= "
        + now;
  }

  /**
   * {@code SELECT <columns>} of the listed rows leased to an owner ({@code ids..., owner}), in id
   * order.
   */
  public String claimed(String columns, int rows) {
    return "SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE id IN "
        + JdbcStatements.placeholders(rows)
        + " AND lease_owner = ? AND state = "
        + PENDING
        + " ORDER BY id";
  }
}
