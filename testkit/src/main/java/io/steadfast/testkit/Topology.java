package io.steadfast.testkit;

/** Which brokers the embedded cluster runs. Every topology has one NameServer and one proxy. */
public enum Topology {
  /** One master broker, no replica. */
  SINGLE,
  /**
   * A SYNC_MASTER and a SLAVE, with {@code inSyncReplicas=2} and {@code totalReplicas=2} so that
   * the master really waits for the slave (RocketMQ 5's default {@code inSyncReplicas=1} answers at
   * once). Override them with {@link EmbeddedRocketMQ.Builder#brokerProperty} to study the trap.
   */
  SYNC_MASTER_SLAVE,
  /** An ASYNC_MASTER and a SLAVE: replication happens after the ack. */
  ASYNC_MASTER_SLAVE
}
