package io.steadfast.internal.consume;

import io.steadfast.consume.HandlerBinding;

/**
 * A delivery routed to its binding, decoded and keyed: ready to claim.
 *
 * @param index position in its batch (dispositions come back in batch order)
 * @param key the stored dedup key, scoped by binding
 */
record PreparedMessage(
    int index,
    MessageProcessor.Delivery delivery,
    HandlerBinding<Object> binding,
    Object payload,
    String key) {

  IncomingMessage message() {
    return delivery.message();
  }

  String topic() {
    return delivery.message().topic();
  }
}
