package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.internal.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ConsumerDefinition} on SimpleConsumer receive loops: each loop receives up to
 * {@code batchSize} messages, processes them as one batch and acks the successes; the rest become
 * visible again after the invisible duration. While a loop processes a batch, its next receive is
 * already under way; when it arrives within about one completion's time after the batch's handlers
 * end, the batch's completions travel with its claim, so a steady stream takes one store round trip
 * per batch.
 */
final class BatchConsumerEngine extends GrpcConsumerEngine {
  private static final Logger log = LoggerFactory.getLogger(BatchConsumerEngine.class);

  private final SimpleConsumer consumer;
  private final ExecutorService loops;
  private volatile boolean running = true;

  BatchConsumerEngine(ConsumerDefinition definition, ConsumerConfig config) {
    super("batch consumer", definition, config);
    this.consumer =
        startClient(
            (client, group, subscriptions) ->
                ClientServiceProvider.loadService()
                    .newSimpleConsumerBuilder()
                    .setClientConfiguration(client)
                    .setConsumerGroup(group)
                    .setSubscriptionExpressions(subscriptions)
                    .setAwaitDuration(config.awaitDuration())
                    .build());
    this.loops =
        Executors.newFixedThreadPool(
            config.threads(), DaemonThreads.named("steadfast-batch-" + definition.group()));
    for (int i = 0; i < config.threads(); i++) {
      loops.execute(this::loop);
    }
  }

  private void loop() {
    CompletableFuture<List<MessageView>> next = null;
    PlainProcessing.Carried carried = null;
    long lastBatchNanos = 0;
    while (running) {
      if (next == null) {
        next = receive();
      }
      List<MessageView> views = await(next);
      next = null;
      if (views == null) {
        processor.settle(carried);
        carried = null;
        continue;
      }
      // Receive the next batch while this one is processed (the broker round trip overlaps with
      // the store's), unless batches take so long that it would wait out much of its invisibility.
      if (running && lastBatchNanos < config.invisibleDuration().toNanos() / 3) {
        next = receive();
      }
      CompletableFuture<List<MessageView>> following = next;
      long start = System.nanoTime();
      try {
        // When the next batch arrives within about one completion's time after this one's handlers
        // end, this batch's last completions travel with its claim: one store round trip per
        // batch, and the wait costs at most what the separate completion would have.
        carried = handle(views, carried, () -> arrivesWithin(following, processor.carryWait()));
      } catch (Throwable e) {
        // Unacked messages come back after the invisible duration; the loop must survive anything.
        log.error("Consumer {}: processing a batch of {} failed", group(), views.size(), e);
        carried = null;
      }
      lastBatchNanos = System.nanoTime() - start;
    }
    processor.settle(carried);
    // A batch still being received when the consumer closes is not acked: it becomes visible
    // again after its invisible duration, like one received during close.
  }

  /** Whether {@code receive} completes with at least one message within {@code wait}. */
  private boolean arrivesWithin(CompletableFuture<List<MessageView>> receive, Duration wait) {
    if (receive == null) {
      return false;
    }
    try {
      return !receive.get(wait.toNanos(), TimeUnit.NANOSECONDS).isEmpty();
    } catch (TimeoutException | ExecutionException e) {
      return false; // nothing yet, or a failed receive that the loop reports when it awaits it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }

  private CompletableFuture<List<MessageView>> receive() {
    return consumer.receiveAsync(config.batchSize(), config.invisibleDuration());
  }

  /**
   * The received batch; null when the long poll found nothing or receiving failed (logged).
   * Bounded: a receive the client never answers (a hung connection) must not stall the loop for
   * good.
   */
  private List<MessageView> await(CompletableFuture<List<MessageView>> receive) {
    Duration limit = config.awaitDuration().plus(config.client().requestTimeout()).plusSeconds(5);
    try {
      List<MessageView> views = receive.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      received();
      return views;
    } catch (TimeoutException e) {
      log.warn("Consumer {}: a receive got no answer within {}; receiving again", group(), limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NotFoundException) {
        received(); // the long poll found nothing: the broker answered
      } else if (running) {
        log.warn("Consumer {}: receive failed: {}", group(), e.getCause().toString());
        pause(Duration.ofSeconds(1));
      }
    }
    return null;
  }

  private PlainProcessing.Carried handle(
      List<MessageView> views, PlainProcessing.Carried previous, BooleanSupplier nextWaiting) {
    List<MessageProcessor.Delivery> batch = new ArrayList<>(views.size());
    for (MessageView view : views) {
      batch.add(
          new MessageProcessor.Delivery(
              IncomingMessage.of(view), d -> consumer.changeInvisibleDurationAsync(view, d)));
    }
    return processor.processBatch(
        batch, previous, nextWaiting, dispositions -> ack(views, dispositions));
  }

  /**
   * Acks are not awaited: the DONE records are written, so a lost ack only brings back a copy that
   * is then acked as a duplicate. The next receive overlaps with them.
   */
  private void ack(List<MessageView> views, List<Disposition> dispositions) {
    for (int i = 0; i < views.size(); i++) {
      if (dispositions.get(i) == Disposition.ACK) {
        MessageView view = views.get(i);
        consumer
            .ackAsync(view)
            .whenComplete(
                (ok, e) -> {
                  if (e != null) {
                    log.warn("Ack of message {} failed: {}", view.getMessageId(), e.toString());
                  }
                });
      }
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops receiving, waits up to the shutdown timeout (plus one long poll) for the loops, and
   * closes the client. Handler threads are never interrupted: one still running keeps its claim.
   */
  @Override
  public void close() {
    running = false;
    closing();
    processor.beginClose();
    finishClose(awaitLoops(loops), consumer);
  }
}
