package io.steadfast.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/** Stage 3 for consumers: writes {@code <Interface>_IdempotentConsumer} from a valid model. */
final class ConsumerWriter {
  private static final TypeName BINDINGS =
      ParameterizedTypeName.get(
          ClassName.get(List.class),
          ParameterizedTypeName.get(
              Names.HANDLER_BINDING, WildcardTypeName.subtypeOf(Object.class)));

  private final GeneratedCode generated;

  ConsumerWriter(GeneratedCode generated) {
    this.generated = generated;
  }

  JavaFile write(ConsumerModel model) {
    List<CodeBlock> bindingCalls = new ArrayList<>();
    List<String> bindingNames = bindingMethodNames(model.handlers());
    for (String name : bindingNames) {
      bindingCalls.add(CodeBlock.of("$N()", name));
    }
    TypeSpec.Builder type =
        generated
            .classBuilder(model.generated(), model.element())
            .addSuperinterface(Names.CONSUMER_DEFINITION)
            .addJavadoc(
                "Idempotent consumer of group {@code $L} for {@link $T}:\none binding per"
                    + " {@code @OnMessage} method, each calling the implementation given to the"
                    + " constructor.\n",
                model.group(),
                model.iface())
            .addField(
                FieldSpec.builder(model.iface(), "impl", Modifier.PRIVATE, Modifier.FINAL).build())
            .addField(
                FieldSpec.builder(BINDINGS, "handlers", Modifier.PRIVATE, Modifier.FINAL).build())
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addJavadoc(
                        "Binds the handlers of {@code impl}; {@code Steadfast.consumer($T.class, impl,"
                            + " ...)} calls this.\n",
                        model.iface())
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(model.iface(), "impl")
                    .addStatement("this.impl = $T.requireNonNull(impl, $S)", Objects.class, "impl")
                    .addStatement(
                        "this.handlers = $T.of(\n$L)",
                        List.class,
                        CodeBlock.join(bindingCalls, ",\n"))
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("group")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(String.class)
                    .addStatement("return $S", model.group())
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("handlers")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(BINDINGS)
                    .addStatement("return this.handlers")
                    .build());
    for (int i = 0; i < model.handlers().size(); i++) {
      ConsumerModel.Handler handler = model.handlers().get(i);
      type.addMethod(binding(model, handler, bindingNames.get(i)));
      handler.keyPath().ifPresent(path -> type.addMethod(keyExtractor(model, handler, path)));
    }
    return GeneratedCode.file(model.generated(), type.build());
  }

  /** {@code onCreatedBinding}; overloads of one name get a number. */
  private static List<String> bindingMethodNames(List<ConsumerModel.Handler> handlers) {
    List<String> names = new ArrayList<>();
    for (ConsumerModel.Handler h : handlers) {
      String name = h.method() + "Binding";
      String unique = name;
      for (int n = 2; names.contains(unique); n++) {
        unique = name + n;
      }
      names.add(unique);
    }
    return names;
  }

  private MethodSpec binding(ConsumerModel model, ConsumerModel.Handler h, String name) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (ConsumerModel.Argument a : h.arguments()) {
      arguments.add(
          CodeBlock.of(
              switch (a) {
                case PAYLOAD -> "payload";
                case CONTEXT -> "context";
                case SESSION -> "session";
                case CONNECTION -> "session.getConnection()";
              }));
    }
    TypeName payload = h.payloadType().box();
    CodeBlock.Builder binding = CodeBlock.builder();
    if (inferable(payload)) {
      binding.add(
          "$T.builder($S, $S, $L)", Names.HANDLER_BINDING, h.topic(), h.tag(), h.reflectType());
    } else {
      binding.add(
          "$T.<$T>builder(\n$S, $S, $L)",
          Names.HANDLER_BINDING,
          payload,
          h.topic(),
          h.tag(),
          h.reflectType());
    }
    binding.add("\n.source($S)", h.source());
    h.keyPath().ifPresent(p -> binding.add("\n.key($T::$N)", model.generated(), h.keyMethod()));
    if (h.transactional()) {
      binding.add("\n.transactional()");
    }
    binding.add(
        "\n.handler((payload, context, session) -> this.impl.$N($L))",
        h.method(),
        CodeBlock.join(arguments, ", "));
    return MethodSpec.methodBuilder(name)
        .addJavadoc(
            "Binds {@link $T#$L($L)}:\ntopic {@code $L}, tag {@code $L}, $L.\n",
            model.iface(),
            h.method(),
            erasures(h),
            h.topic(),
            h.tag(),
            h.keyPath().map(p -> "dedup key {@code " + p.path() + "}").orElse("default dedup key"))
        .addModifiers(Modifier.PRIVATE)
        .returns(ParameterizedTypeName.get(Names.HANDLER_BINDING, payload))
        .addStatement("return $L", binding.build())
        .build();
  }

  /**
   * Whether javac infers the binding's type argument from the payload type expression: a class
   * literal does, a {@code Types.parameterized(...)} call needs {@code HandlerBinding.<T>builder}.
   */
  private static boolean inferable(TypeName payload) {
    return payload instanceof ArrayTypeName array
        ? inferable(array.componentType())
        : !(payload instanceof ParameterizedTypeName) && !(payload instanceof WildcardTypeName);
  }

  /**
   * One line per step of the path, each null-safe: {@code var customer = payload == null ? null :
   * payload.customer();}, then {@code return customer == null ? null : customer.id();}.
   */
  private MethodSpec keyExtractor(ConsumerModel model, ConsumerModel.Handler h, KeyPath path) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(h.keyMethod())
            .addJavadoc(
                "Dedup key {@code $L} of the payload of\n{@link $T#$L($L)}; null when a step is"
                    + " null.\n",
                path.path(),
                model.iface(),
                h.method(),
                erasures(h))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class)
            .addParameter(h.payloadType(), "payload");
    String previous = "payload";
    List<KeyPath.Step> steps = path.steps();
    for (int i = 0; i < steps.size() - 1; i++) {
      KeyPath.Step step = steps.get(i);
      method.addStatement(
          "var $N = $N == null ? null : $N.$N()",
          step.local(),
          previous,
          previous,
          step.accessor());
      previous = step.local();
    }
    KeyPath.Step last = steps.get(steps.size() - 1);
    switch (path.ending()) {
      case PRIMITIVE ->
          method.addStatement(
              "return $N == null ? null : $T.valueOf($N.$N())",
              previous,
              String.class,
              previous,
              last.accessor());
      case STRING ->
          method.addStatement(
              "return $N == null ? null : $N.$N()", previous, previous, last.accessor());
      case OBJECT ->
          method
              .addStatement(
                  "var $N = $N == null ? null : $N.$N()",
                  last.local(),
                  previous,
                  previous,
                  last.accessor())
              .addStatement("return $N == null ? null : $N.toString()", last.local(), last.local());
    }
    return method.build();
  }

  private static CodeBlock erasures(ConsumerModel.Handler h) {
    List<CodeBlock> erasures = new ArrayList<>();
    h.parameterErasures().forEach(t -> erasures.add(CodeBlock.of("$T", t)));
    return CodeBlock.join(erasures, ", ");
  }
}
