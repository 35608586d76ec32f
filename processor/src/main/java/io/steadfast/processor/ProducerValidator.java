package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.steadfast.internal.SubscriptionRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Stage 1 for producers: checks a {@code @ReliableProducer} interface and builds its model. */
final class ProducerValidator {
  private final Elements elements;
  private final Types types;
  private final Mirrors mirrors;
  private final KeyTypes keyTypes;

  ProducerValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.mirrors = new Mirrors(elements);
    this.keyTypes = new KeyTypes(elements, types);
  }

  /** The model, or empty when an error was reported. */
  Optional<ProducerModel> validate(TypeElement type, Reporter reporter) {
    AnnotationMirror annotation = Mirrors.find(type, Names.RELIABLE_PRODUCER).orElseThrow();
    InterfaceCheck.validate(type, annotation, reporter);
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    AnnotationValue topicValue = mirrors.value(annotation, "topic");
    String topic = String.valueOf(topicValue.getValue());
    SubscriptionRules.checkTopic(topic)
        .ifPresent(
            v ->
                reporter.report(Problem.of(v), type, annotation, topicValue, type.getSimpleName()));
    List<ProducerModel.SendMethod> methods = new ArrayList<>();
    for (InterfaceCheck.AnnotatedMethod m :
        InterfaceCheck.annotatedMethods(
            type, elements, Names.SEND, Problem.MISSING_SEND, reporter)) {
      sendMethod(m.method(), m.annotation(), topic, reporter).ifPresent(methods::add);
    }
    if (methods.isEmpty() && !reporter.hasErrors()) {
      reporter.report(Problem.NO_SEND_METHODS, type, type.getSimpleName());
    }
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProducerModel(
            type, ClassName.get(type), GeneratedNames.of(type, Names.PRODUCER_SUFFIX), methods));
  }

  private Optional<ProducerModel.SendMethod> sendMethod(
      ExecutableElement method, AnnotationMirror send, String defaultTopic, Reporter reporter) {
    String describe = InterfaceCheck.describe(method);
    int errorsBefore = reporter.errorCount();
    if (!method.getTypeParameters().isEmpty()) {
      reporter.report(Problem.GENERIC_METHOD, method, describe);
    }
    ProducerModel.Returns returns = returns(method.getReturnType());
    if (returns == null) {
      reporter.report(
          Problem.UNSUPPORTED_SEND_RETURN,
          method,
          describe,
          method.getReturnType(),
          Names.shown(Names.SEND_ACK, method.getReturnType()));
    }

    AnnotationValue topicValue = mirrors.value(send, "topic");
    String topic = String.valueOf(topicValue.getValue());
    if (!topic.isEmpty()) { // empty: the interface's topic
      SubscriptionRules.checkTopic(topic)
          .ifPresent(v -> reporter.report(Problem.of(v), method, send, topicValue, describe));
    }
    AnnotationValue tagValue = mirrors.value(send, "tag");
    String tag = String.valueOf(tagValue.getValue());
    if (!tag.isEmpty() && !SubscriptionRules.isOneWord(tag)) { // empty: no tag
      reporter.report(Problem.INVALID_TAG, method, send, tagValue, describe, tag);
    }
    String messageGroup = mirrors.string(send, "messageGroup");
    AnnotationValue delayValue = mirrors.value(send, "delayMillis");
    long delayMillis = ((Number) delayValue.getValue()).longValue();
    if (delayMillis < 0) {
      reporter.report(Problem.NEGATIVE_DELAY, method, send, delayValue, describe, delayMillis);
    } else if (delayMillis > 0 && !messageGroup.isEmpty()) {
      reporter.report(Problem.MESSAGE_GROUP_WITH_DELAY, method, send, delayValue, describe);
    }

    List<ProducerModel.Parameter> parameters = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    ProducerModel.Transaction transaction = ProducerModel.Transaction.NONE;
    String transactionParameter = null;
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      TypeMirror t = p.asType();
      parameters.add(
          new ProducerModel.Parameter(name, TypeName.get(t), TypeName.get(types.erasure(t))));
      Optional<AnnotationMirror> key = Mirrors.find(p, Names.KEY);
      ProducerModel.Transaction kind = transactionKind(t);
      if (key.isPresent()) {
        if (!keyTypes.isStringConvertible(t)) {
          reporter.report(Problem.KEY_NOT_CONVERTIBLE, p, key.get(), null, name, t);
        }
        keys.add(name);
      } else if (kind == ProducerModel.Transaction.NONE) {
        payloads.add(name);
      } else if (kind == ProducerModel.Transaction.SESSION
          && elements.getTypeElement(Names.SQL_SESSION) == null) {
        reporter.report(Problem.SQL_SESSION_WITHOUT_MYBATIS, p, describe);
      } else if (transaction == kind) {
        reporter.report(Problem.DUPLICATE_PARAMETER, p, describe, shown(kind));
      } else if (transaction != ProducerModel.Transaction.NONE) {
        reporter.report(Problem.SESSION_AND_CONNECTION, method, describe);
      } else {
        transaction = kind;
        transactionParameter = name;
      }
    }
    if (transaction != ProducerModel.Transaction.NONE
        && returns != null
        && returns != ProducerModel.Returns.VOID) {
      reporter.report(
          Problem.OUTBOX_METHOD_NOT_VOID,
          method,
          describe,
          shown(transaction),
          method.getReturnType());
    }
    if (payloads.isEmpty()) {
      reporter.report(Problem.NO_PAYLOAD, method, describe);
    } else if (payloads.size() > 1) {
      reporter.report(Problem.TWO_PAYLOADS, method, describe, String.join(", ", payloads), "");
    }
    if (reporter.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new ProducerModel.SendMethod(
            method.getSimpleName().toString(),
            parameters,
            returns,
            topic.isEmpty() ? defaultTopic : topic,
            tag,
            messageGroup,
            delayMillis,
            keys,
            payloads.get(0),
            transaction,
            transactionParameter));
  }

  private static String shown(ProducerModel.Transaction transaction) {
    return transaction == ProducerModel.Transaction.CONNECTION ? "Connection" : "SqlSession";
  }

  /** CONNECTION or SESSION for the caller's transaction (MyBatis missing included), else NONE. */
  private static ProducerModel.Transaction transactionKind(TypeMirror type) {
    if (Names.is(type, Names.CONNECTION)) {
      return ProducerModel.Transaction.CONNECTION;
    }
    if (Names.is(type, Names.SQL_SESSION) || ConsumerValidator.isUnresolvedSqlSession(type)) {
      return ProducerModel.Transaction.SESSION;
    }
    return ProducerModel.Transaction.NONE;
  }

  /** SendAck, void or CompletableFuture<SendAck>; null for anything else. */
  private ProducerModel.Returns returns(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID) {
      return ProducerModel.Returns.VOID;
    }
    if (Names.is(type, Names.SEND_ACK)) {
      return ProducerModel.Returns.ACK;
    }
    if (Names.is(type, "java.util.concurrent.CompletableFuture")) {
      List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
      if (args.size() == 1 && Names.is(args.get(0), Names.SEND_ACK)) {
        return ProducerModel.Returns.FUTURE;
      }
    }
    return null;
  }
}
