package io.steadfast.faults.harness;

/** The dedup stores the harness exercises, each behind its own fault link. */
enum StoreKind {
  /** PostgreSQL, the handler's effect in the same transaction as the dedup row. */
  POSTGRES_TRANSACTIONAL,
  /** PostgreSQL dedup rows; the effect is written outside them. */
  POSTGRES,
  /** Redis dedup records; the effect is written to PostgreSQL. */
  REDIS
}
