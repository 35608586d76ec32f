package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Canonical names of the annotation and runtime types. The processor refers to them by name only,
 * so it does not need the runtime jar on its processor path (its one runtime class, {@code
 * SubscriptionRules}, travels inside the processor jar).
 */
final class Names {
  static final String RELIABLE_PRODUCER = "io.steadfast.annotation.ReliableProducer";
  static final String SEND = "io.steadfast.annotation.Send";
  static final String KEY = "io.steadfast.annotation.Key";
  static final String IDEMPOTENT_CONSUMER = "io.steadfast.annotation.IdempotentConsumer";
  static final String ON_MESSAGE = "io.steadfast.annotation.OnMessage";

  static final String SEND_RECEIPT = "io.steadfast.produce.SendReceipt";
  static final String MESSAGE_CONTEXT = "io.steadfast.consume.MessageContext";
  static final String SQL_SESSION = "org.apache.ibatis.session.SqlSession";

  static final ClassName RELIABLE_SENDER = ClassName.get("io.steadfast.produce", "ReliableSender");
  static final ClassName OUTGOING_MESSAGE =
      ClassName.get("io.steadfast.produce", "OutgoingMessage");
  static final ClassName SEND_RECEIPT_CLASS = ClassName.get("io.steadfast.produce", "SendReceipt");
  static final ClassName CONSUMER_DEFINITION =
      ClassName.get("io.steadfast.consume", "ConsumerDefinition");
  static final ClassName HANDLER_BINDING = ClassName.get("io.steadfast.consume", "HandlerBinding");
  static final ClassName TYPES = ClassName.get("io.steadfast.internal", "Types");

  static final String PRODUCER_SUFFIX = "_ReliableProducer";
  static final String CONSUMER_SUFFIX = "_IdempotentConsumer";

  private Names() {}

  /** Whether {@code type} is the class or interface named {@code canonicalName}. */
  static boolean is(TypeMirror type, String canonicalName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(canonicalName);
  }
}
