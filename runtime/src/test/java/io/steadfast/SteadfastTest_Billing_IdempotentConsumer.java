package io.steadfast;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import java.util.List;

/** Stands in for the processor's output for {@link SteadfastTest.Billing}. */
public final class SteadfastTest_Billing_IdempotentConsumer implements ConsumerDefinition {
  private final SteadfastTest.Billing impl;

  public SteadfastTest_Billing_IdempotentConsumer(SteadfastTest.Billing impl) {
    this.impl = impl;
  }

  @Override
  public String group() {
    return "billing";
  }

  @Override
  public List<HandlerBinding<?>> handlers() {
    return SteadfastTest.bindings(impl);
  }
}
