package io.steadfast.broker;

/** JMX view of the plugin's write counters ({@code io.steadfast:type=WriteStats,broker=NAME}). */
public interface WriteStatsMBean {

  /** Writes answered IN_SYNC_REPLICAS_NOT_ENOUGH before they were stored (enforce mode). */
  long getRejectedWrites();

  /** Writes that would have been rejected but were let through (audit mode). */
  long getAuditedUnderReplicatedWrites();

  /**
   * Writes of messages the broker had accepted earlier (transaction commits, due timer and
   * delay-level messages, transaction check-backs) let through while too few replicas were in sync.
   */
  long getRePutsWhileUnderReplicated();

  /** Writes the store answered FLUSH_DISK_TIMEOUT (stored, but not known to be on disk). */
  long getFlushTimeouts();

  /**
   * Writes the store answered FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE (stored on the master
   * only).
   */
  long getReplicaTimeouts();
}
