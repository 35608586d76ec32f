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
            .addJavadoc(
                "Ack-checking implementation of {@link $T}: every method returns, or completes its"
                    + " future,\nonly after the broker acknowledged the message.\n",
                model.iface())
            .addField(
                FieldSpec.builder(Names.RELIABLE_SENDER, "sender", Modifier.PRIVATE, Modifier.FINAL)
                    .build())
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addJavadoc(
                        "Sends through {@code sender}; {@code Steadfast.producer($T.class, sender)}"
                            + " calls this.\n",
                        model.iface())
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(Names.RELIABLE_SENDER, "sender")
                    .addStatement(
                        "this.sender = $T.requireNonNull(sender, $S)", Objects.class, "sender")
                    .build());
    for (ProducerModel.SendMethod method : model.methods()) {
      type.addMethod(method(model, method));
    }
    return GeneratedCode.file(model.generated(), type.build());
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
        "Implements {@link $T#$L($L)}:\nsends to topic {@code $L}$L, $L.\n",
        model.iface(),
        m.name(),
        CodeBlock.join(erasures, ", "),
        m.topic(),
        m.tag().isEmpty() ? "" : " with tag {@code " + m.tag() + "}",
        m.returns() == ProducerModel.Returns.FUTURE
            ? "completing the future when the broker acked"
            : "blocking until the broker acked");

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

    switch (m.returns()) {
      case VOID -> method.addStatement("this.sender.send($L)", message.build());
      case ACK ->
          method
              .returns(Names.SEND_ACK_CLASS)
              .addStatement("return this.sender.send($L)", message.build());
      case FUTURE ->
          method
              .returns(
                  ParameterizedTypeName.get(
                      ClassName.get(CompletableFuture.class), Names.SEND_ACK_CLASS))
              .addStatement("return this.sender.sendAsync($L)", message.build());
    }
    return method.build();
  }
}
