package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.steadfast.internal.SubscriptionRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Stage 1 for consumers: checks an {@code @IdempotentConsumer} interface and builds its model. */
final class ConsumerValidator {
  private final Elements elements;
  private final Types types;
  private final Mirrors mirrors;
  private final KeyPathResolver keyPaths;

  ConsumerValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.mirrors = new Mirrors(elements);
    this.keyPaths = new KeyPathResolver(elements, types, new KeyTypes(elements, types));
  }

  /** A handler method with the subscription it was declared with, for overlap checks. */
  private record Declared(
      ExecutableElement method, AnnotationMirror annotation, String topic, String tag) {}

  /** The model, or empty when an error was reported. */
  Optional<ConsumerModel> validate(TypeElement type, Reporter reporter) {
    AnnotationMirror annotation = Mirrors.find(type, Names.IDEMPOTENT_CONSUMER).orElseThrow();
    InterfaceCheck.validate(type, annotation, reporter);
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    AnnotationValue groupValue = mirrors.value(annotation, "group");
    String group = String.valueOf(groupValue.getValue());
    if (group.isBlank()) {
      reporter.report(Problem.BLANK_GROUP, type, annotation, groupValue, type.getSimpleName());
    }
    PackageElement pkg = elements.getPackageOf(type);
    List<InterfaceCheck.AnnotatedMethod> methods =
        InterfaceCheck.annotatedMethods(
            type, elements, Names.ON_MESSAGE, Problem.MISSING_ON_MESSAGE, reporter);
    List<ConsumerModel.Handler> handlers = new ArrayList<>();
    List<Declared> declared = new ArrayList<>();
    for (InterfaceCheck.AnnotatedMethod m : methods) {
      String topic = mirrors.string(m.annotation(), "topic");
      String tag = mirrors.string(m.annotation(), "tag");
      declared.add(new Declared(m.method(), m.annotation(), topic, tag));
      handler(m.method(), m.annotation(), methods, pkg, reporter).ifPresent(handlers::add);
    }
    if (declared.isEmpty() && !reporter.hasErrors()) {
      reporter.report(Problem.NO_HANDLER_METHODS, type, type.getSimpleName());
    }
    checkOverlaps(declared, reporter);
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    handlers.sort(
        Comparator.comparing(ConsumerModel.Handler::topic)
            .thenComparing(ConsumerModel.Handler::tag));
    return Optional.of(
        new ConsumerModel(
            type,
            ClassName.get(type),
            GeneratedNames.of(type, Names.CONSUMER_SUFFIX),
            group,
            handlers));
  }

  private Optional<ConsumerModel.Handler> handler(
      ExecutableElement method,
      AnnotationMirror onMessage,
      List<InterfaceCheck.AnnotatedMethod> allMethods,
      PackageElement pkg,
      Reporter reporter) {
    String describe = InterfaceCheck.describe(method);
    int errorsBefore = reporter.errorCount();
    if (!method.getTypeParameters().isEmpty()) {
      reporter.report(Problem.GENERIC_METHOD, method, describe);
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      reporter.report(Problem.UNSUPPORTED_HANDLER_RETURN, method, describe, method.getReturnType());
    }
    AnnotationValue topicValue = mirrors.value(onMessage, "topic");
    String topic = String.valueOf(topicValue.getValue());
    SubscriptionRules.checkTopic(topic)
        .ifPresent(v -> reporter.report(Problem.of(v), method, onMessage, topicValue, describe));
    AnnotationValue tagValue = mirrors.value(onMessage, "tag");
    String tag = String.valueOf(tagValue.getValue());
    SubscriptionRules.checkTag(tag)
        .ifPresent(v -> reporter.report(Problem.of(v), method, onMessage, tagValue, describe, tag));

    List<ConsumerModel.Argument> arguments = new ArrayList<>();
    List<TypeName> erasures = new ArrayList<>();
    List<VariableElement> payloads = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      TypeMirror t = p.asType();
      ConsumerModel.Argument argument = classify(t);
      if (argument == ConsumerModel.Argument.SESSION
          && elements.getTypeElement(Names.SQL_SESSION) == null) {
        reporter.report(Problem.SQL_SESSION_WITHOUT_MYBATIS, p, describe);
        continue;
      }
      if (argument != ConsumerModel.Argument.PAYLOAD && arguments.contains(argument)) {
        reporter.report(Problem.DUPLICATE_PARAMETER, p, describe, simpleName(t));
      }
      if (argument == ConsumerModel.Argument.PAYLOAD) {
        payloads.add(p);
      }
      arguments.add(argument);
      erasures.add(TypeName.get(types.erasure(t)));
    }
    if (arguments.contains(ConsumerModel.Argument.SESSION)
        && arguments.contains(ConsumerModel.Argument.CONNECTION)) {
      reporter.report(Problem.SESSION_AND_CONNECTION, method, describe);
    }
    if (payloads.isEmpty()) {
      reporter.report(Problem.NO_PAYLOAD, method, describe);
    } else if (payloads.size() > 1) {
      List<String> names = new ArrayList<>();
      StringBuilder lookalikes = new StringBuilder();
      for (VariableElement p : payloads) {
        names.add(p.getSimpleName().toString());
        for (String meant : List.of(Names.MESSAGE_CONTEXT, Names.SQL_SESSION)) {
          String other = Names.lookalike(p.asType(), meant);
          if (other != null) {
            lookalikes.append(
                String.format(Problem.LOOKALIKE_PARAMETER, p.getSimpleName(), other, meant));
          }
        }
      }
      reporter.report(
          Problem.TWO_PAYLOADS, method, describe, String.join(", ", names), lookalikes.toString());
    }
    TypeMirror payload = payloads.isEmpty() ? null : payloads.get(0).asType();
    if (payload != null && !isDecodable(payload, true)) {
      reporter.report(Problem.UNSUPPORTED_PAYLOAD_TYPE, payloads.get(0), payload, describe);
    }
    if (reporter.errorCount() > errorsBefore) {
      return Optional.empty();
    }

    AnnotationValue keyValue = mirrors.value(onMessage, "key");
    String key = String.valueOf(keyValue.getValue());
    Optional<KeyPath> keyPath = Optional.empty();
    if (!key.isEmpty()) {
      KeyPathResolver.Result result = keyPaths.resolve(key, payload, pkg);
      if (result.failure() != null) {
        List<Object> args = new ArrayList<>(List.of(key, describe));
        args.addAll(result.failure().details());
        reporter.report(result.failure().problem(), method, onMessage, keyValue, args.toArray());
        return Optional.empty();
      }
      keyPath = Optional.of(result.path());
    }
    return Optional.of(
        new ConsumerModel.Handler(
            method.getSimpleName().toString(),
            erasures,
            topic,
            tag,
            TypeName.get(payload),
            ReflectTypes.expression(payload, types),
            arguments,
            keyPath,
            keyMethodName(method, allMethods),
            describe));
  }

  /** {@code onCreatedKey}; overloads of one name get their position appended. */
  private static String keyMethodName(
      ExecutableElement method, List<InterfaceCheck.AnnotatedMethod> all) {
    String name = method.getSimpleName() + "Key";
    List<ExecutableElement> sameName = new ArrayList<>();
    all.forEach(
        m -> {
          if (m.method().getSimpleName().equals(method.getSimpleName())) {
            sameName.add(m.method());
          }
        });
    return sameName.size() > 1 ? name + (sameName.indexOf(method) + 1) : name;
  }

  private ConsumerModel.Argument classify(TypeMirror type) {
    if (Names.is(type, Names.MESSAGE_CONTEXT)) {
      return ConsumerModel.Argument.CONTEXT;
    }
    if (Names.is(type, Names.SQL_SESSION) || isUnresolvedSqlSession(type)) {
      return ConsumerModel.Argument.SESSION;
    }
    if (Names.is(type, Names.CONNECTION)) {
      return ConsumerModel.Argument.CONNECTION;
    }
    return ConsumerModel.Argument.PAYLOAD;
  }

  /** A {@code SqlSession} the compiler could not resolve: MyBatis is missing. */
  static boolean isUnresolvedSqlSession(TypeMirror type) {
    String name = type.toString();
    return type.getKind() == TypeKind.ERROR
        && (name.equals("SqlSession") || name.equals(Names.SQL_SESSION));
  }

  private static String simpleName(TypeMirror type) {
    String name = type.toString();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /**
   * Classes, records, arrays and parameterized types; no type variables, raw types or bare
   * primitives.
   */
  private boolean isDecodable(TypeMirror type, boolean topLevel) {
    switch (type.getKind()) {
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        int parameters = ((TypeElement) declared.asElement()).getTypeParameters().size();
        if (declared.getTypeArguments().size() != parameters) {
          return false; // a raw type: the codec could not know the element types
        }
        for (TypeMirror arg : declared.getTypeArguments()) {
          if (!isDecodable(arg, false)) {
            return false;
          }
        }
        return true;
      case ARRAY:
        TypeMirror component = ((ArrayType) type).getComponentType();
        return component.getKind().isPrimitive() || isDecodable(component, false);
      case WILDCARD:
        if (topLevel) {
          return false;
        }
        WildcardType w = (WildcardType) type;
        TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
        return bound == null || isDecodable(bound, false);
      default:
        return false;
    }
  }

  /** Two handlers of one topic overlap when their tags are equal or either is "*". */
  private void checkOverlaps(List<Declared> declared, Reporter reporter) {
    for (SubscriptionRules.Overlap<Declared> o :
        SubscriptionRules.overlaps(declared, Declared::topic, Declared::tag)) {
      reporter.report(
          Problem.DUPLICATE_SUBSCRIPTION,
          o.later().method(),
          o.later().annotation(),
          null,
          InterfaceCheck.describe(o.earlier().method()),
          InterfaceCheck.describe(o.later().method()),
          o.topic(),
          o.tag());
    }
  }
}
