package io.steadfast.internal.consume;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Messages whose retry copy the broker did not store: they stay in flight (their queue's offset
 * does not pass them) and their copy is sent again, at most once a second, until it is stored or
 * their queue is given away (its next owner pulls them from the committed offset).
 */
final class UnsentRetries {
  private static final long SPACING_NANOS = 1_000_000_000L;

  private final RetryTopicCopies retries;
  private final QueueOffsets offsets;
  private final ConcurrentLinkedQueue<LitePolls.Polled> unsent = new ConcurrentLinkedQueue<>();
  private volatile long nextNanos = System.nanoTime();

  UnsentRetries(RetryTopicCopies retries, QueueOffsets offsets) {
    this.retries = retries;
    this.offsets = offsets;
  }

  void add(LitePolls.Polled p) {
    unsent.add(p);
  }

  /**
   * Sends the unsent copies again if it is time; passes the queues that may move to {@code commit}.
   */
  void resend(Consumer<Set<MessageQueue>> commit) {
    if (unsent.isEmpty() || System.nanoTime() - nextNanos < 0) {
      return;
    }
    nextNanos = System.nanoTime() + SPACING_NANOS;
    List<LitePolls.Polled> now = new ArrayList<>();
    for (LitePolls.Polled p; (p = unsent.poll()) != null; ) {
      now.add(p);
    }
    Set<MessageQueue> moved = new HashSet<>();
    for (LitePolls.Polled p : now) {
      if (!offsets.owns(p.queue())) {
        continue;
      }
      if (retries.store(p.message())) {
        offsets.settled(p.queue(), p.offset());
        moved.add(p.queue());
      } else {
        unsent.add(p);
      }
    }
    if (!moved.isEmpty()) {
      commit.accept(moved);
    }
  }
}
