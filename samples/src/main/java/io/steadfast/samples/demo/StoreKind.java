package io.steadfast.samples.demo;

/** Where the billing consumer keeps its dedup records. */
public enum StoreKind {
  /** An H2 file database (default): dedup records and payments commit together. */
  H2,
  /** PostgreSQL ({@code --jdbc}): dedup records and payments commit together. */
  POSTGRES,
  /** Redis ({@code --redis}): dedup records in Redis, payments in H2. */
  REDIS
}
