package io.steadfast.faults.harness;

import java.util.List;

/**
 * The stores the harness exercises, each behind its own fault link: three dedup stores, and the
 * outbox and inbox tables.
 */
enum StoreKind {
  /** PostgreSQL, the handler's effect in the same transaction as the dedup row. */
  POSTGRES_TRANSACTIONAL,
  /** PostgreSQL dedup rows; the effect is written outside them. */
  POSTGRES,
  /** Redis dedup records; the effect is written to PostgreSQL. */
  REDIS,
  /**
   * An order service enqueues into a PostgreSQL outbox and relays it; inbox consumers store, ack
   * and run transactional handlers from a PostgreSQL inbox (the effect commits with the row).
   */
  OUTBOX_INBOX;

  /** The dedup stores, which consecutive dedup schedules go through in turn. */
  static final List<StoreKind> DEDUP = List.of(POSTGRES_TRANSACTIONAL, POSTGRES, REDIS);
}
