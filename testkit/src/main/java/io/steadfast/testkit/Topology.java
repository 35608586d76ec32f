package io.steadfast.testkit;

import java.util.List;

/** Which brokers the embedded cluster runs. Every topology has one NameServer and one proxy. */
public enum Topology {
  /** One master broker, no replica; the proxy runs in LOCAL mode in the master's JVM. */
  SINGLE,
  /**
   * A SYNC_MASTER and a SLAVE, with {@code inSyncReplicas=2} and {@code totalReplicas=2} so that
   * the master really waits for the slave (RocketMQ 5's default {@code inSyncReplicas=1} answers at
   * once). Override them with {@link EmbeddedRocketMQ.Builder#brokerProperty} to study the trap.
   * The proxy runs in LOCAL mode in the master's JVM.
   */
  SYNC_MASTER_SLAVE,
  /** An ASYNC_MASTER and a SLAVE: replication happens after the ack. */
  ASYNC_MASTER_SLAVE,
  /**
   * Two broker groups, {@code broker-a} and {@code broker-b}, each a SYNC_MASTER + SLAVE as in
   * {@link #SYNC_MASTER_SLAVE}; every topic gets its queues on both groups. The proxy runs in
   * CLUSTER mode in a JVM of its own, so killing one group's master leaves the proxy and the other
   * group serving ({@link EmbeddedRocketMQ#group(String)}).
   */
  TWO_GROUPS;

  /** The broker names of the groups, the first being the one the cluster's shortcuts act on. */
  List<String> groupNames() {
    return this == TWO_GROUPS ? List.of("broker-a", "broker-b") : List.of("broker-a");
  }

  /** Whether masters wait for their slave before they ack (inSyncReplicas=2). */
  boolean replicatesSynchronously() {
    return this == SYNC_MASTER_SLAVE || this == TWO_GROUPS;
  }

  /** Whether the proxy runs alone in CLUSTER mode rather than in the master's JVM. */
  boolean hasClusterProxy() {
    return this == TWO_GROUPS;
  }
}
