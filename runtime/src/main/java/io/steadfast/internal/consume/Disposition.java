package io.steadfast.internal.consume;

/** What to tell the broker about one message. */
enum Disposition {
  /** Processed (or a duplicate of a processed one): ack. */
  ACK,
  /**
   * Not processed: do not ack; the broker redelivers it (or dead-letters it after max attempts).
   */
  REDELIVER
}
