package io.steadfast.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * An inbox table as the inbox consumer and an operator use it. A row is PENDING (to handle), DONE
 * (handled; kept for the retention so that copies are recognised) or PARKED. A claim leases due
 * PENDING rows to one owner by moving their due time a lease ahead; every later change checks the
 * owner. {@link JdbcInbox} implements it.
 */
public interface InboxStore {
  /** A name for logs, e.g. the table name. */
  String name();

  /**
   * Stores a delivered message, unless the group already has a row for its dedup key.
   *
   * @return true if stored; false for a copy of a stored (pending, done or parked) message
   */
  boolean store(InboxEntry entry);

  /**
   * Leases up to {@code max} due PENDING rows of {@code group}, oldest first, for {@code lease}.
   * With {@code ordered}, a row is due only once no earlier PENDING row has its order key.
   */
  List<InboxRecord> claim(String group, int max, Duration lease, boolean ordered);

  /**
   * Extends the claim of a row whose handler still runs: due again only {@code lease} from now.
   * Succeeds after a lapse too, as long as no other claim took the row.
   *
   * @return false if the claim no longer owns the row
   */
  boolean renew(InboxRecord record, Duration lease);

  /** Marks a claimed row DONE for {@code retention}; false if the claim no longer owns it. */
  boolean complete(InboxRecord record, Duration retention);

  /**
   * Like {@link #complete(InboxRecord, Duration)}, in the caller's transaction on {@code
   * transaction} (a transactional handler's writes and the DONE mark commit together).
   */
  boolean complete(Connection transaction, InboxRecord record, Duration retention);

  /** Ends the claim of a failed row: due again after {@code delay}, keeping {@code reason}. */
  void retryLater(InboxRecord record, Duration delay, String reason);

  /** Parks a row, keeping {@code reason}; it does not run again until replayed. */
  void park(InboxRecord record, String reason);

  /** Up to {@code limit} parked rows of {@code group}, oldest first. */
  List<ParkedInboxMessage> parked(String group, int limit);

  /**
   * Makes a parked row PENDING again, due at once, attempts reset.
   *
   * @return false if no parked row has this id
   */
  boolean replay(long id);

  /** Rows of {@code group} not handled yet (PENDING). */
  long pending(String group);

  /** Deletes DONE rows past their retention; returns how many. */
  int purgeDone();

  /** A connection to the inbox's database, for a transactional handler's transaction. */
  Connection connection() throws SQLException;
}
