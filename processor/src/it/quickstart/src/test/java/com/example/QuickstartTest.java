package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The classes the processor generated during this build are found and do what they say. */
class QuickstartTest {

  /** Acks every message at once and remembers it. */
  static final class AckingSender implements ReliableSender {
    final List<OutgoingMessage> sent = new ArrayList<>();

    @Override
    public SendAck send(OutgoingMessage message) {
      sent.add(message);
      return new SendAck("msg-" + sent.size(), "id-" + sent.size(), message.topic(), 1);
    }

    @Override
    public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
      return CompletableFuture.completedFuture(send(message));
    }

    @Override
    public void close() {}
  }

  @Test
  void generatedProducerBuildsTheMessageFromTheAnnotations() throws Exception {
    AckingSender sender = new AckingSender();
    OrderEvents events = Steadfast.producer(OrderEvents.class, sender);

    SendAck receipt = events.created("o-1", new OrderCreated("o-1", 500));
    SendAck async = events.createdAsync("o-2", new OrderCreated("o-2", 700)).get();

    assertEquals("msg-1", receipt.messageId());
    assertEquals("msg-2", async.messageId());
    OutgoingMessage first = sender.sent.get(0);
    assertEquals("orders", first.topic());
    assertEquals("created", first.tag());
    assertEquals(List.of("o-1"), first.keys());
    assertEquals(new OrderCreated("o-1", 500), first.payload());
  }

  @Test
  @SuppressWarnings("unchecked")
  void generatedConsumerBindsTheHandlerWithItsKeyPath() throws Exception {
    List<OrderCreated> handled = new ArrayList<>();
    ConsumerDefinition definition =
        Steadfast.consumerDefinition(Billing.class, (event, ctx) -> handled.add(event));

    assertEquals("billing", definition.group());
    assertEquals(1, definition.handlers().size());
    HandlerBinding<OrderCreated> binding =
        (HandlerBinding<OrderCreated>) definition.handlers().get(0);
    assertEquals("orders", binding.topic());
    assertEquals("created", binding.tag());
    assertEquals(OrderCreated.class, binding.payloadType());
    OrderCreated event = new OrderCreated("o-9", 900);
    assertEquals("o-9", binding.keyExtractor().orElseThrow().apply(event));
    binding.handler().handle(event, null, null);
    assertEquals(List.of(event), handled);
  }
}
