package io.steadfast.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code <prefix>-<n>}: Steadfast's own threads never keep a JVM alive.
 * Internal; not for direct use.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A thread factory whose threads are daemons named {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The same naming for the workers of a {@link ForkJoinPool} (which are daemons anyway). */
  public static ForkJoinWorkerThreadFactory forkJoin(String prefix) {
    return pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName(prefix + "-" + t.getPoolIndex());
      t.setDaemon(true);
      return t;
    };
  }
}
