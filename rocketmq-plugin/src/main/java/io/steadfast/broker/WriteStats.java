package io.steadfast.broker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe counters behind {@link WriteStatsMBean}; {@link #rejected()} and {@link
 * #rePutWhileUnderReplicated()} return the new count.
 */
public final class WriteStats implements WriteStatsMBean {
  private final AtomicLong rejectedWrites = new AtomicLong();
  private final AtomicLong auditedWrites = new AtomicLong();
  private final AtomicLong rePuts = new AtomicLong();
  private final AtomicLong flushTimeouts = new AtomicLong();
  private final AtomicLong replicaTimeouts = new AtomicLong();

  long rejected() {
    return rejectedWrites.incrementAndGet();
  }

  void audited() {
    auditedWrites.incrementAndGet();
  }

  long rePutWhileUnderReplicated() {
    return rePuts.incrementAndGet();
  }

  void flushTimeout() {
    flushTimeouts.incrementAndGet();
  }

  void replicaTimeout() {
    replicaTimeouts.incrementAndGet();
  }

  @Override
  public long getRejectedWrites() {
    return rejectedWrites.get();
  }

  @Override
  public long getAuditedUnderReplicatedWrites() {
    return auditedWrites.get();
  }

  @Override
  public long getRePutsWhileUnderReplicated() {
    return rePuts.get();
  }

  @Override
  public long getFlushTimeouts() {
    return flushTimeouts.get();
  }

  @Override
  public long getReplicaTimeouts() {
    return replicaTimeouts.get();
  }

  @Override
  public String toString() {
    return "rejectedWrites="
        + getRejectedWrites()
        + " auditedUnderReplicatedWrites="
        + getAuditedUnderReplicatedWrites()
        + " rePutsWhileUnderReplicated="
        + getRePutsWhileUnderReplicated()
        + " flushTimeouts="
        + getFlushTimeouts()
        + " replicaTimeouts="
        + getReplicaTimeouts();
  }
}
