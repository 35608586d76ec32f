package io.steadfast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding generated classes by name, with hand-written stand-ins for the processor's output. */
class SteadfastTest {
  /** An annotated interface as a user writes it. */
  public interface Billing {
    void onCreated(String event);
  }

  /** An interface the processor never saw: nothing was generated for it. */
  interface Unprocessed {}

  @Test
  void findsTheGeneratedConsumerBesideTheInterface() {
    Billing impl = event -> {};

    ConsumerDefinition definition = Steadfast.consumerDefinition(Billing.class, impl);

    assertThat(definition.group()).isEqualTo("billing");
    assertThat(definition.handlers()).hasSize(1);
  }

  @Test
  void missingGeneratedClassSaysHowToFixIt() {
    assertThatThrownBy(() -> Steadfast.consumerDefinition(Unprocessed.class, new Unprocessed() {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SteadfastTest_Unprocessed_IdempotentConsumer")
        .hasMessageContaining("annotationProcessorPaths");
  }

  @Test
  void nestedNamesFollowTheGeneratedNaming() {
    assertThat(Steadfast.generatedName(Billing.class, "_IdempotentConsumer"))
        .isEqualTo("io.steadfast.SteadfastTest_Billing_IdempotentConsumer");
  }

  /** The bindings {@link SteadfastTest_Billing_IdempotentConsumer} returns. */
  static List<HandlerBinding<?>> bindings(Billing impl) {
    return List.of(
        HandlerBinding.builder("orders", "created", String.class)
            .handler((e, ctx, tx) -> impl.onCreated(e)));
  }
}
