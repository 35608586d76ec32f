package io.steadfast.internal.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Which consume offset of each queue may be committed: the lowest offset still in flight (polled,
 * not yet settled), or, with nothing in flight, one past the highest offset polled. A message is
 * settled once its DONE record is written (or it was a copy of a done one) or its retry copy is
 * stored; so every message below a committed offset is settled, whatever order the batches of a
 * queue finish in, and a consumer that starts from it misses nothing.
 */
final class QueueOffsets {
  private static final class Progress {
    final TreeSet<Long> inFlight = new TreeSet<>();
    long next = -1;
    long committed = -1;

    long committable() {
      return inFlight.isEmpty() ? next : inFlight.first();
    }
  }

  private final Map<MessageQueue, Progress> queues = new HashMap<>();

  /**
   * Messages at {@code offsets} of {@code queue} were polled. Call in poll order, before the next
   * poll: a batch of a queue must be in flight before a later one can settle.
   */
  synchronized void polled(MessageQueue queue, Collection<Long> offsets) {
    Progress p = queues.computeIfAbsent(queue, q -> new Progress());
    for (long offset : offsets) {
      p.inFlight.add(offset);
      p.next = Math.max(p.next, offset + 1);
    }
  }

  /** The message at {@code offset} of {@code queue} is settled (ignored for a queue given away). */
  synchronized void settled(MessageQueue queue, long offset) {
    Progress p = queues.get(queue);
    if (p != null) {
      p.inFlight.remove(offset);
    }
  }

  /** The offsets of {@code among} that moved past what was last committed; marked committed. */
  synchronized Map<MessageQueue, Long> toCommit(Collection<MessageQueue> among) {
    Map<MessageQueue, Long> out = new HashMap<>();
    for (MessageQueue q : among) {
      Progress p = queues.get(q);
      if (p != null && p.committable() > p.committed) {
        p.committed = p.committable();
        out.put(q, p.committed);
      }
    }
    return out;
  }

  /**
   * After a rebalance: forgets the queues of {@code topic} no longer in {@code assigned}. Their new
   * owner starts from the last committed offset, which is below anything still in flight here.
   */
  synchronized void retain(String topic, Set<MessageQueue> assigned) {
    queues.keySet().removeIf(q -> q.getTopic().equals(topic) && !assigned.contains(q));
  }

  /**
   * Whether {@code queue} is still this consumer's (it polled from it and did not give it away).
   */
  synchronized boolean owns(MessageQueue queue) {
    return queues.containsKey(queue);
  }
}
