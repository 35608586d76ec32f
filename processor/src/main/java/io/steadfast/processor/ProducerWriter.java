package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;

/** Stage 3 for producers: writes {@code <Interface>_ReliableProducer} from a valid model. */
final class ProducerWriter {
  private final GeneratedCode generated;

  ProducerWriter(GeneratedCode generated) {
    this.generated = generated;
  }

  JavaFile write(ProducerModel model) {
    TypeSpec.Builder type =
        generated
            .classBuilder(model.generated(), model.element())
            .addSuperinterface(model.iface())
            .addJavadoc(classJavadoc(model), model.iface());
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addJavadoc(constructorJavadoc(model), model.iface())
            .addModifiers(Modifier.PUBLIC);
    if (model.sends()) {
      type.addField(
          FieldSpec.builder(Names.RELIABLE_SENDER, "sender", Modifier.PRIVATE, Modifier.FINAL)
              .build());
      constructor
          .addParameter(Names.RELIABLE_SENDER, "sender")
          .addStatement("this.sender = $T.requireNonNull(sender, $S)", Objects.class, "sender");
    }
    if (model.enqueues()) {
      type.addField(
          FieldSpec.builder(Names.OUTBOX, "outbox", Modifier.PRIVATE, Modifier.FINAL).build());
      constructor
          .addParameter(Names.OUTBOX, "outbox")
          .addStatement("this.outbox = $T.requireNonNull(outbox, $S)", Objects.class, "outbox");
    }
    type.addMethod(constructor.build());
    for (ProducerModel.SendMethod method : model.methods()) {
      type.addMethod(method(model, method));
    }
    return GeneratedCode.file(model.generated(), type.build());
  }

  private static String classJavadoc(ProducerModel model) {
    if (!model.enqueues()) {
      return "Ack-checking implementation of {@link $T}: every method returns, or completes its"
          + " future,\nonly after the broker acknowledged the message.\n";
    }
    return model.sends()
        ? "Implementation of {@link $T}: a method that takes the caller's transaction writes its\n"
            + "message into the outbox in that transaction, and an outbox relay sends it after the"
            + " commit;\nthe others return, or complete their future, only after the broker"
            + " acknowledged the message.\n"
        : "Outbox implementation of {@link $T}: every method writes its message into the outbox in"
            + " the\ncaller's transaction, and an outbox relay sends it after the commit.\n";
  }

  private static String constructorJavadoc(ProducerModel model) {
    if (!model.enqueues()) {
      return "Sends through {@code sender}; {@code Steadfast.producer($T.class, sender)} calls"
          + " this.\n";
    }
    return model.sends()
        ? "Sends through {@code sender} and enqueues into {@code outbox};\n{@code"
            + " Steadfast.producer($T.class, sender, outbox)} calls this.\n"
        : "Enqueues into {@code outbox}; {@code Steadfast.producer($T.class, outbox)} calls"
            + " this.\n";
  }

  private MethodSpec method(ProducerModel model, ProducerModel.SendMethod m) {
    List<CodeBlock> erasures = new ArrayList<>();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(m.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC);
    for (ProducerModel.Parameter p : m.parameters()) {
      method.addParameter(p.type(), p.name());
      erasures.add(CodeBlock.of("$T", p.erasure()));
    }
    method.addJavadoc(
        "Implements {@link $T#$L($L)}:\n$L topic {@code $L}$L, $L.\n",
        model.iface(),
        m.name(),
        CodeBlock.join(erasures, ", "),
        m.transaction() == ProducerModel.Transaction.NONE ? "sends to" : "enqueues for",
        m.topic(),
        m.tag().isEmpty() ? "" : " with tag {@code " + m.tag() + "}",
        switch (m.returns()) {
          case FUTURE -> "completing the future when the broker acked";
          case VOID, ACK ->
              m.transaction() == ProducerModel.Transaction.NONE
                  ? "blocking until the broker acked"
                  : "in the caller's transaction;\nan outbox relay sends it after the commit";
        });

    CodeBlock.Builder message =
        CodeBlock.builder().add("$T.builder($S)", Names.OUTGOING_MESSAGE, m.topic());
    if (!m.tag().isEmpty()) {
      message.add("\n.tag($S)", m.tag());
    }
    for (String key : m.keys()) {
      message.add("\n.key($N)", key);
    }
    if (!m.messageGroup().isEmpty()) {
      message.add("\n.messageGroup($S)", m.messageGroup());
    }
    if (m.delayMillis() > 0) {
      message.add("\n.deliveryDelay($T.ofMillis($LL))", Duration.class, m.delayMillis());
    }
    message.add("\n.payload($N)\n.build()", m.payload());

    switch (m.transaction()) {
      case CONNECTION ->
          method.addStatement(
              "this.outbox.enqueue($N, $L)", m.transactionParameter(), message.build());
      case SESSION ->
          method.addStatement(
              "this.outbox.enqueue($N.getConnection(), $L)",
              m.transactionParameter(),
              message.build());
      case NONE -> sendStatement(method, m, message.build());
    }
    return method.build();
  }

  private static void sendStatement(
      MethodSpec.Builder method, ProducerModel.SendMethod m, CodeBlock message) {
    switch (m.returns()) {
      case VOID -> method.addStatement("this.sender.send($L)", message);
      case ACK ->
          method.returns(Names.SEND_ACK_CLASS).addStatement("return this.sender.send($L)", message);
      case FUTURE ->
          method
              .returns(
                  ParameterizedTypeName.get(
                      ClassName.get(CompletableFuture.class), Names.SEND_ACK_CLASS))
              .addStatement("return this.sender.sendAsync($L)", message);
    }
  }
}
