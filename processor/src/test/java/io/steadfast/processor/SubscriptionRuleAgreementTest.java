package io.steadfast.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.internal.SubscriptionRules.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The processor and the runtime apply one subscription rule ({@code SubscriptionRules}): every case
 * is compiled as an {@code @IdempotentConsumer} interface and built as a hand-written {@code
 * ConsumerDefinition}, and both accept it, or both refuse it with the same words.
 */
class SubscriptionRuleAgreementTest {

  /** One {@code @OnMessage(topic, tag)}, or one {@code HandlerBinding.builder(topic, tag, ...)}. */
  record Binding(String topic, String tag) {}

  /**
   * @param name what the case shows
   * @param bindings the handlers, in declaration order
   * @param violation the broken rule, or null when both must accept
   * @param words a fragment both messages must contain (after the subject), or null
   */
  record Case(String name, List<Binding> bindings, Violation violation, String words) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        accepted("one tag", on("orders", "created")),
        accepted("every tag", on("orders", "*")),
        accepted("two tags of one topic", on("orders", "created"), on("orders", "paid")),
        accepted("one tag of two topics", on("orders", "created"), on("refunds", "created")),
        accepted("every tag of two topics", on("orders", "*"), on("refunds", "*")),
        accepted("a tag with a colon", on("orders", "a:b")),
        refused("blank topic", Violation.BLANK_TOPIC, "is blank.", on(" ", "created")),
        refused("blank tag", Violation.BLANK_TAG, "is blank.", on("orders", " ")),
        refused("empty tag", Violation.BLANK_TAG, "is blank.", on("orders", "")),
        refused(
            "two tags in one",
            Violation.INVALID_TAG,
            "contains '||', '*' or whitespace.",
            on("orders", "created||paid")),
        refused(
            "a tag with a space",
            Violation.INVALID_TAG,
            "contains '||', '*' or whitespace.",
            on("orders", "created paid")),
        refused(
            "a wildcard inside a tag",
            Violation.INVALID_TAG,
            "contains '||', '*' or whitespace.",
            on("orders", "created*")),
        refused(
            "one tag twice",
            Violation.OVERLAP,
            "would both receive topic \"orders\" tag \"created\".",
            on("orders", "created"),
            on("orders", "created")),
        refused(
            "every tag beside one tag",
            Violation.OVERLAP,
            "would both receive topic \"orders\" tag \"created\".",
            on("orders", "*"),
            on("orders", "created")),
        refused(
            "one tag beside every tag",
            Violation.OVERLAP,
            "would both receive topic \"orders\" tag \"created\".",
            on("orders", "created"),
            on("orders", "*")),
        refused(
            "every tag twice",
            Violation.OVERLAP,
            "would both receive topic \"orders\" tag \"*\".",
            on("orders", "*"),
            on("orders", "*")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void processorAndRuntimeAgree(Case c) {
    List<String> processor = processorErrors(c.bindings());
    String runtime = runtimeRefusal(c.bindings());
    if (c.violation() == null) {
      assertThat(processor).isEmpty();
      assertThat(runtime).isNull();
      return;
    }
    String fix = "Fix: " + c.violation().fix();
    assertThat(processor).singleElement().asString().contains(c.words()).contains(fix);
    assertThat(runtime).isNotNull().contains(c.words()).contains(fix);
  }

  /** The processor's errors for an interface with one handler per binding. */
  private static List<String> processorErrors(List<Binding> bindings) {
    StringBuilder source =
        new StringBuilder(
            "package com.acme.rules;\n"
                + "import io.steadfast.annotation.IdempotentConsumer;\n"
                + "import io.steadfast.annotation.OnMessage;\n"
                + "@IdempotentConsumer(group = \"rules\")\n"
                + "public interface Rules {\n");
    for (int i = 0; i < bindings.size(); i++) {
      source.append(
          String.format(
              "  @OnMessage(topic = \"%s\", tag = \"%s\")%n  void on%d(String payload);%n",
              bindings.get(i).topic(), bindings.get(i).tag(), i + 1));
    }
    Compilation compilation =
        javac()
            .withProcessors(new SteadfastProcessor())
            .compile(JavaFileObjects.forSourceString("com.acme.rules.Rules", source + "}\n"));
    List<String> errors = new ArrayList<>();
    for (Diagnostic<?> d : compilation.errors()) {
      errors.add(d.getMessage(Locale.ROOT));
    }
    return errors;
  }

  /** The runtime's refusal of the same bindings written by hand, or null when it accepts them. */
  private static String runtimeRefusal(List<Binding> bindings) {
    Throwable refused =
        catchThrowable(
            () -> {
              List<HandlerBinding<?>> built = new ArrayList<>();
              for (Binding b : bindings) {
                built.add(
                    HandlerBinding.builder(b.topic(), b.tag(), String.class)
                        .handler((payload, context, session) -> {}));
              }
              ConsumerDefinition.of("rules", built.toArray(HandlerBinding<?>[]::new));
            });
    if (refused == null) {
      return null;
    }
    assertThat(refused).isInstanceOf(IllegalArgumentException.class);
    return refused.getMessage();
  }

  private static Binding on(String topic, String tag) {
    return new Binding(topic, tag);
  }

  private static Case accepted(String name, Binding... bindings) {
    return new Case(name, List.of(bindings), null, null);
  }

  private static Case refused(String name, Violation violation, String words, Binding... bindings) {
    return new Case(name, List.of(bindings), violation, words);
  }
}
