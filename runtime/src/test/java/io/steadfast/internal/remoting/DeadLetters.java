package io.steadfast.internal.remoting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageExt;

/** Reads a group's dead-letter queue {@code %DLQ%<group>} back with a plain lite pull consumer. */
final class DeadLetters {
  private DeadLetters() {}

  /**
   * The keys of the messages in {@code %DLQ%<group>}, read from the queue's start until {@code
   * expected} are there or {@code timeout} passed.
   */
  static List<String> keys(String nameServer, String group, int expected, Duration timeout)
      throws Exception {
    DefaultLitePullConsumer reader = new DefaultLitePullConsumer("dlq-reader-" + UUID.randomUUID());
    reader.setNamesrvAddr(nameServer);
    reader.setInstanceName("dlq-reader-" + UUID.randomUUID());
    reader.setAutoCommit(false);
    try {
      reader.start();
      String dlq = MixAll.getDLQTopic(group);
      reader.assign(reader.fetchMessageQueues(dlq));
      for (var queue : reader.assignment()) {
        reader.seekToBegin(queue);
      }
      List<String> keys = new ArrayList<>();
      long end = System.nanoTime() + timeout.toNanos();
      while (keys.size() < expected && System.nanoTime() < end) {
        for (MessageExt m : reader.poll(500)) {
          keys.add(m.getKeys());
        }
      }
      return keys;
    } finally {
      reader.shutdown();
    }
  }
}
