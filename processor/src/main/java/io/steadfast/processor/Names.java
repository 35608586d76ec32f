package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

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

  static final String SEND_ACK = "io.steadfast.produce.SendAck";
  static final String MESSAGE_CONTEXT = "io.steadfast.consume.MessageContext";
  static final String SQL_SESSION = "org.apache.ibatis.session.SqlSession";
  static final String CONNECTION = "java.sql.Connection";

  static final ClassName RELIABLE_SENDER = ClassName.get("io.steadfast.produce", "ReliableSender");
  static final ClassName OUTBOX = ClassName.get("io.steadfast.outbox", "Outbox");
  static final ClassName OUTGOING_MESSAGE =
      ClassName.get("io.steadfast.produce", "OutgoingMessage");
  static final ClassName SEND_ACK_CLASS = ClassName.get("io.steadfast.produce", "SendAck");
  static final ClassName CONSUMER_DEFINITION =
      ClassName.get("io.steadfast.consume", "ConsumerDefinition");
  static final ClassName HANDLER_BINDING = ClassName.get("io.steadfast.consume", "HandlerBinding");
  static final ClassName TYPES = ClassName.get("io.steadfast.internal", "Types");

  static final String PRODUCER_SUFFIX = "_ReliableProducer";
  static final String CONSUMER_SUFFIX = "_IdempotentConsumer";

  private Names() {}

  /**
   * How a message names the type {@code canonicalName}: by its simple name, or in full when one of
   * {@code involved} mentions another type of that simple name (an IDE's auto-import picked it), so
   * that a fix never repeats the name the user already wrote for the wrong type.
   */
  static String shown(String canonicalName, TypeMirror... involved) {
    for (TypeMirror type : involved) {
      if (mentionsLookalike(type, canonicalName)) {
        return canonicalName;
      }
    }
    return canonicalName.substring(canonicalName.lastIndexOf('.') + 1);
  }

  /**
   * The name of {@code type} when it is another type of {@code canonicalName}'s simple name, else
   * null.
   */
  static String lookalike(TypeMirror type, String canonicalName) {
    String simple = canonicalName.substring(canonicalName.lastIndexOf('.') + 1);
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getSimpleName().contentEquals(simple)
            && !element.getQualifiedName().contentEquals(canonicalName)
        ? element.getQualifiedName().toString()
        : null;
  }

  private static boolean mentionsLookalike(TypeMirror type, String canonicalName) {
    return switch (type.getKind()) {
      case DECLARED ->
          lookalike(type, canonicalName) != null
              || ((DeclaredType) type)
                  .getTypeArguments().stream()
                      .anyMatch(arg -> mentionsLookalike(arg, canonicalName));
      case ARRAY -> mentionsLookalike(((ArrayType) type).getComponentType(), canonicalName);
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
        yield bound != null && mentionsLookalike(bound, canonicalName);
      }
      default -> false;
    };
  }

  /** Whether {@code type} is the class or interface named {@code canonicalName}. */
  static boolean is(TypeMirror type, String canonicalName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(canonicalName);
  }
}
