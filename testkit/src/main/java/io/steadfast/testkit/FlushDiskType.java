package io.steadfast.testkit;

/** When a broker acks a write: after the page cache ({@code ASYNC_FLUSH}) or after fsync. */
public enum FlushDiskType {
  /** RocketMQ's default: acked before the write reached disk. */
  ASYNC_FLUSH,
  /** Acked only after the commit log was flushed to disk. */
  SYNC_FLUSH
}
