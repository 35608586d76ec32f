package io.steadfast.internal.consume;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.common.message.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remoting consumers' queue allocation: RocketMQ's averaging strategy over the group's consumer
 * ids with each id counted once.
 *
 * <p>The broker lists a consumer id once per connection it registered on, and rocketmq-client 5.3.3
 * can leave a consumer with two: when a synchronous request outlives its dead connection across a
 * broker restart, its timeout drops the new connection from the client's table without closing it,
 * the client connects again and heartbeats there, and the broker lists the id twice until it
 * expires the silent connection (120 s). Allocating over such a list gives the second copy's queues
 * to no one: every consumer finds its own index at the first copy (docs/rocketmq-behaviour.md).
 */
final class DistinctConsumerIds implements AllocateMessageQueueStrategy {
  private static final Logger log = LoggerFactory.getLogger(DistinctConsumerIds.class);

  private final AllocateMessageQueueStrategy averagely = new AllocateMessageQueueAveragely();
  private volatile Set<String> lastDuplicated = Set.of();

  @Override
  public List<MessageQueue> allocate(
      String consumerGroup, String currentCid, List<MessageQueue> mqAll, List<String> cidAll) {
    Set<String> distinct = new LinkedHashSet<>(cidAll); // the client passes them sorted
    if (distinct.size() < cidAll.size()) {
      warnOnce(consumerGroup, cidAll, distinct);
    } else {
      lastDuplicated = Set.of();
    }
    return averagely.allocate(consumerGroup, currentCid, mqAll, new ArrayList<>(distinct));
  }

  private void warnOnce(String group, List<String> cidAll, Set<String> distinct) {
    Set<String> duplicated = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String id : cidAll) {
      if (!seen.add(id)) {
        duplicated.add(id);
      }
    }
    if (!duplicated.equals(lastDuplicated)) {
      lastDuplicated = duplicated;
      log.warn(
          "Consumer group {}: the broker lists consumer(s) {} more than once ({} ids, {} distinct),"
              + " a stale connection of theirs still registered; queues are allocated over the"
              + " distinct ids. The broker drops the stale connection after channelExpiredTimeout"
              + " (120 s by default).",
          group,
          duplicated,
          cidAll.size(),
          distinct.size());
    }
  }

  @Override
  public String getName() {
    return averagely.getName();
  }
}
