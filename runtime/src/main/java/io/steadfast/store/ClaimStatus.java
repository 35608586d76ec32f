package io.steadfast.store;

/** Outcome of a claim. */
public enum ClaimStatus {
  /** The caller now owns the key: process the message, then complete or release. */
  ACQUIRED,
  /** The key is DONE: skip the handler and ack the message. */
  DUPLICATE,
  /**
   * Another owner holds a live lease: do not process and do not ack; the broker redelivers later.
   */
  IN_PROGRESS
}
