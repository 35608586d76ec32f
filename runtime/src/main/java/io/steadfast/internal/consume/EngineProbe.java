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
    List<MessageProcessor.Delivery> deliveries = new ArrayList<>(batch.size());
    for (IncomingMessage m : batch) {
      deliveries.add(new MessageProcessor.Delivery(m, LeaseKeeper.InvisibilityExtender.NONE));
    }
    return processor.processBatch(deliveries).stream().map(d -> d == Disposition.ACK).toList();
  }

  /** Stops the engine's threads; every batch has completed by then. */
  @Override
  public void close() {
    processor.finishClose(true);
  }
}
