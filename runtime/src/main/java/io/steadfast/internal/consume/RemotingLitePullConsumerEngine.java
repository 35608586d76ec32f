package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.DaemonThreads;
import io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender;
import io.steadfast.internal.remoting.RemotingClients;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.MessageQueueListener;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientManager;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ConsumerDefinition} in BATCH mode on the classic remoting client's {@link
 * DefaultLitePullConsumer}, clustering mode, auto-commit off. Each loop polls a batch (one queue's
 * pull), runs it through {@link MessageProcessor#processBatch} as the gRPC batch engine does, and
 * then moves the queue's consume offset only past messages that are settled ({@link QueueOffsets}):
 * DONE written, or a copy of a done one, or their retry copy stored ({@link RetryTopicCopies}). A
 * crash replays from the last committed offset and the store suppresses what was done.
 *
 * <p>A message that is not acked (handler threw, store unreachable, key PROCESSING elsewhere) is
 * stored again in {@code %RETRY%<group>}, which this consumer also subscribes to; the broker
 * delivers the copy after the next delay level, and moves it to {@code %DLQ%<group>} once it has
 * been tried {@link ConsumerConfig#maxDeliveryAttempts()} times. The queue goes on meanwhile. A
 * retry copy the broker did not store keeps its offset uncommitted and is sent again.
 *
 * <p>Lite pull has no invisibility: a queue rebalanced to another consumer while a handler runs is
 * pulled there from the committed offset, and the claim (renewed while the handler runs) makes the
 * copy wait. Offsets move through the client's offset store (persisted every second, on rebalance
 * and on shutdown), never backwards.
 */
final class RemotingLitePullConsumerEngine extends ConsumerEngine {
  private static final Logger log = LoggerFactory.getLogger(RemotingLitePullConsumerEngine.class);

  private final DefaultLitePullConsumer consumer;
  private final QueueOffsets offsets = new QueueOffsets();
  private final LitePolls polls;
  private final RetryTopicCopies retries;
  private final UnsentRetries unsent;
  private final ExecutorService loops;
  private volatile boolean running = true;

  RemotingLitePullConsumerEngine(ConsumerDefinition definition, ConsumerConfig config) {
    super("remoting batch consumer", definition, config);
    this.consumer =
        RemotingClients.configure(
            new DefaultLitePullConsumer(group(), RemotingClients.rpcHook(config.client())),
            config.client(),
            "batch-consumer-" + group());
    consumer.setMessageModel(MessageModel.CLUSTERING);
    consumer.setAutoCommit(false);
    consumer.setPullBatchSize(config.batchSize());
    // Each consumer id once: a client the broker lists twice would leave a queue without owner.
    consumer.setAllocateMessageQueueStrategy(new DistinctConsumerIds());
    // Committed offsets reach the broker this often: what a crash replays beyond them.
    consumer.setPersistConsumerOffsetInterval(1000);
    MessageQueueListener rebalanced = (topic, all, mine) -> offsets.retain(topic, mine);
    try {
      for (Map.Entry<String, String> s : processor.routes().tagExpressions().entrySet()) {
        consumer.subscribe(s.getKey(), s.getValue(), rebalanced);
      }
      consumer.subscribe(MixAll.getRetryTopic(group()), "*", rebalanced);
      consumer.start();
      // The instance the consumer started (same client id), with its ACL hook.
      this.retries =
          new RetryTopicCopies(
              MQClientManager.getInstance().getOrCreateMQClientInstance(consumer),
              group(),
              consumer.withNamespace(MixAll.getRetryTopic(group())),
              config.maxDeliveryAttempts() - 1,
              config.client().requestTimeout());
    } catch (MQClientException e) {
      consumer.shutdown();
      processor.finishClose(true); // nothing ran: stops the lease keeper
      throw new IllegalStateException(
          "Cannot start " + kind() + " " + group() + " on " + config.client() + ": " + e, e);
    }
    this.polls = new LitePolls(consumer, offsets);
    this.unsent = new UnsentRetries(retries, offsets);
    this.loops =
        Executors.newFixedThreadPool(
            config.threads(), DaemonThreads.named("steadfast-lite-pull-" + group()));
    for (int i = 0; i < config.threads(); i++) {
      loops.execute(this::loop);
    }
    started();
  }

  private void loop() {
    PlainProcessing.Carried carried = null;
    List<LitePolls.Polled> next = null;
    while (running) {
      unsent.resend(this::commit);
      List<LitePolls.Polled> batch = next != null ? next : polls.poll(config.awaitDuration());
      next = null;
      received();
      if (batch.isEmpty()) {
        processor.settle(carried);
        carried = null;
        continue;
      }
      // When the next batch is polled within about one completion's time as this one's handlers
      // end, this batch's last completions travel with its claim (as in the gRPC batch engine).
      List<List<LitePolls.Polled>> following = new ArrayList<>(1);
      try {
        carried =
            processor.processBatch(
                deliveries(batch),
                carried,
                () -> {
                  following.add(polls.poll(processor.carryWait()));
                  return !following.get(0).isEmpty();
                },
                dispositions -> settle(batch, dispositions));
      } catch (Throwable e) {
        // The batch stays uncommitted: replayed after a restart or rebalance. The loop survives.
        log.error("Consumer {}: processing a batch of {} failed", group(), batch.size(), e);
        carried = null;
      }
      next = following.isEmpty() ? null : following.get(0);
    }
    processor.settle(carried);
    if (next != null && !next.isEmpty()) {
      log.debug("Consumer {}: {} polled message(s) left for redelivery", group(), next.size());
    }
  }

  private static List<MessageProcessor.Delivery> deliveries(List<LitePolls.Polled> batch) {
    List<MessageProcessor.Delivery> out = new ArrayList<>(batch.size());
    for (LitePolls.Polled p : batch) {
      out.add(
          new MessageProcessor.Delivery(
              RemotingMessages.of(p.message()), InvisibilityExtender.NONE));
    }
    return out;
  }

  /**
   * Settles each acked message and each one whose retry copy is stored, then commits the queues
   * that moved. While closing, and for a queue given away, no retry copy is sent: the message stays
   * uncommitted, and the queue's next owner pulls it from the committed offset.
   */
  private void settle(List<LitePolls.Polled> batch, List<Disposition> dispositions) {
    Set<MessageQueue> touched = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      LitePolls.Polled p = batch.get(i);
      touched.add(p.queue());
      if (dispositions.get(i) == Disposition.ACK) {
        offsets.settled(p.queue(), p.offset());
      } else if (running && offsets.owns(p.queue())) {
        if (retries.store(p.message())) {
          offsets.settled(p.queue(), p.offset());
        } else {
          unsent.add(p);
        }
      }
    }
    commit(touched);
  }

  /** Moves the offsets of {@code queues} that advanced; increase only, persisted by the client. */
  private void commit(Set<MessageQueue> queues) {
    offsets
        .toCommit(queues)
        .forEach((q, offset) -> consumer.getOffsetStore().updateOffset(q, offset, true));
  }

  /**
   * Stops polling, waits up to the shutdown timeout (plus one poll) for the loops, then shuts the
   * client down: it persists the committed offsets. Handlers are never interrupted: one still
   * running keeps its claim, and its messages stay uncommitted.
   */
  @Override
  public void close() {
    running = false;
    closing();
    processor.beginClose();
    finishClose(awaitLoops(loops), consumer::shutdown);
  }
}
