package io.steadfast.internal.consume;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer engine's core without a broker, for tests and benchmarks only; not for direct use.
 * Messages go through exactly what a received batch goes through (decode, key, one claim call,
 * handlers, completions) and each answer says whether the engine would ack. The config's client
 * settings are not used.
 */
public final class EngineProbe implements AutoCloseable {
  private final MessageProcessor processor;

  public EngineProbe(ConsumerDefinition definition, ConsumerConfig config) {
    this.processor = new MessageProcessor(definition, config);
  }

  /** Runs {@code batch} as one received batch; per message, in order, whether it would be acked. */
  public List<Boolean> processBatch(List<IncomingMessage> batch) {
    return processor.processBatch(deliveries(batch)).stream()
        .map(d -> d == Disposition.ACK)
        .toList();
  }

  /**
   * Runs {@code batches} as a batch loop does when each next batch has already arrived as the one
   * before ends: every batch's completions travel with the next batch's claim (one store call
   * each), and the last batch's are written alone. Per batch, in order, whether each message would
   * be acked.
   */
  public List<List<Boolean>> processInSequence(List<List<IncomingMessage>> batches) {
    List<List<Boolean>> acked = new ArrayList<>(batches.size());
    PlainProcessing.Carried carried = null;
    for (int b = 0; b < batches.size(); b++) {
      boolean more = b < batches.size() - 1;
      carried =
          processor.processBatch(
              deliveries(batches.get(b)),
              carried,
              () -> more,
              dispositions ->
                  acked.add(dispositions.stream().map(d -> d == Disposition.ACK).toList()));
    }
    processor.settle(carried);
    return acked;
  }

  private static List<MessageProcessor.Delivery> deliveries(List<IncomingMessage> batch) {
    List<MessageProcessor.Delivery> deliveries = new ArrayList<>(batch.size());
    for (IncomingMessage m : batch) {
      deliveries.add(new MessageProcessor.Delivery(m, LeaseKeeper.InvisibilityExtender.NONE));
    }
    return deliveries;
  }

  /** Stops the engine's threads; every batch has completed by then. */
  @Override
  public void close() {
    processor.finishClose(true);
  }
}
