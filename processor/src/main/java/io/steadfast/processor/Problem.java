package io.steadfast.processor;

import io.steadfast.internal.SubscriptionRules.Violation;
import javax.tools.Diagnostic;

/**
 * The catalogue of every diagnostic the processor reports: what is wrong and how to fix it. Each
 * text is a {@link String#format} pattern; the fix is appended after " Fix: ". The entries for
 * topics, tags and overlapping subscriptions take their words from the runtime's {@link
 * io.steadfast.internal.SubscriptionRules}, the one rule both apply.
 */
enum Problem {
  NOT_AN_INTERFACE(
      "@%s applies to interfaces, but %s is a %s.",
      "declare %2$s as an interface; Steadfast generates the implementation."),
  GENERIC_INTERFACE(
      "%s declares type parameters %s.",
      "remove the type parameters and use concrete payload types in the methods."),
  PRIVATE_INTERFACE(
      "%s is private, so a generated class beside it cannot implement it.",
      "make %1$s package-private or public."),
  ENCLOSED_IN_PRIVATE_TYPE(
      "%s is nested in private type %s, so a generated class beside it cannot implement it.",
      "make %2$s package-private or public."),
  BLANK_TOPIC(Violation.BLANK_TOPIC),
  BLANK_GROUP(
      "The consumer group of %s is blank.", "name the consumer group, e.g. group = \"billing\"."),
  BLANK_TAG(Violation.BLANK_TAG),
  INVALID_TAG(Violation.INVALID_TAG),
  NO_SEND_METHODS(
      "%s has no @Send methods, so its generated producer sends nothing.",
      "add an abstract method annotated @Send(tag = \"...\")."),
  NO_HANDLER_METHODS(
      "%s has no @OnMessage methods, so its consumer would receive nothing.",
      "add a method annotated @OnMessage(topic = \"...\")."),
  MISSING_SEND(
      "%s is abstract but not annotated @Send.",
      "annotate it with @Send, or give it a default body."),
  MISSING_ON_MESSAGE(
      "%s is abstract but not annotated @OnMessage.",
      "annotate it with @OnMessage(topic = \"...\"), or give it a default body."),
  ANNOTATED_DEFAULT_METHOD(
      "%s has a body, so @%s on it has no effect.",
      "remove the body (make it abstract) or remove the annotation."),
  GENERIC_METHOD(
      "%s declares type parameters.", "use a concrete payload type instead of a type variable."),
  NO_PAYLOAD(
      "%s has no payload parameter.",
      "add exactly one parameter for the message body, e.g. OrderCreated event."),
  TWO_PAYLOADS(
      "%s has more than one payload parameter: %s.%s",
      "keep exactly one payload; mark message keys with @Key (producers) or use a key path"
          + " (consumers)."),
  UNSUPPORTED_PAYLOAD_TYPE(
      "The payload type %s of %s cannot be decoded.",
      "use a class, record, array or parameterized type with its type arguments (box"
          + " primitives, e.g. Long)."),
  DUPLICATE_PARAMETER("%s takes more than one %s.", "keep a single %2$s parameter."),
  UNSUPPORTED_SEND_RETURN(
      "%s returns %s.",
      "return %3$s or void (blocks until acked) or CompletableFuture<%3$s> (completes when"
          + " acked)."),
  UNSUPPORTED_HANDLER_RETURN(
      "%s returns %s, but handlers return nothing.",
      "return void; throw an exception to have the message redelivered."),
  KEY_NOT_CONVERTIBLE(
      "@Key parameter %s has type %s, which has no stable text form for a message key.",
      "use a String, a primitive or its box, an enum, UUID, BigInteger/BigDecimal, or a type"
          + " that overrides toString()."),
  KEY_PATH_MALFORMED(
      "The key path \"%s\" of %s is not a dot-separated list of property names.",
      "write it like key = \"order.id\"."),
  KEY_PATH_UNKNOWN_PROPERTY(
      "The key path \"%s\" of %s: %s has no readable property \"%s\".%s",
      "name a property with a getter (getX()/isX()) or a record component."),
  KEY_PATH_NOT_CONVERTIBLE(
      "The key path \"%s\" of %s ends in type %s, which has no stable text form for a dedup key.",
      "point the path at a String, a primitive or its box, an enum, UUID or a type that"
          + " overrides toString()."),
  DUPLICATE_SUBSCRIPTION(Violation.OVERLAP),
  SQL_SESSION_WITHOUT_MYBATIS(
      "%s takes a SqlSession, but MyBatis (org.apache.ibatis.session.SqlSession) is not on the"
          + " classpath.",
      "add the dependency org.mybatis:mybatis, or remove the SqlSession parameter."),
  SESSION_AND_CONNECTION(
      "%s takes both a SqlSession and a Connection, which are the same transaction.",
      "keep one: the Connection is the SqlSession's getConnection()."),
  OUTBOX_METHOD_NOT_VOID(
      "%s takes the caller's transaction (%s), so it writes its message into the outbox and a"
          + " relay sends it after the commit: no broker ack exists when it returns, yet it"
          + " returns %s.",
      "return void, or remove the %2$s parameter to send at once and wait for the ack."),
  NEGATIVE_DELAY(
      "The delivery delay of %s is negative (%d ms).",
      "use 0 (deliver at once) or a positive delay."),
  MESSAGE_GROUP_WITH_DELAY(
      "%s sets both a message group and a delivery delay; RocketMQ rejects delayed FIFO messages.",
      "drop one of messageGroup and delayMillis."),
  INTERNAL_ERROR(
      "The Steadfast processor could not process %s: %s",
      "if the cause is not in your code (e.g. a hand-written class with the generated name),"
          + " report it as a Steadfast bug with this message.");

  /**
   * Appended to {@link #TWO_PAYLOADS} for each payload whose type has the simple name of {@code
   * MessageContext} or {@code SqlSession} but is another type: parameter, its type, the type meant.
   */
  static final String LOOKALIKE_PARAMETER = " %s is a %s, not %s (check its import).";

  private final String text;
  private final String fix;

  Problem(String text, String fix) {
    this.text = text;
    this.fix = fix;
  }

  /** An entry in the runtime's words: the rule and its texts are the runtime's. */
  Problem(Violation violation) {
    this(violation.text(), violation.fix());
  }

  /** The entry that reports {@code violation}. */
  static Problem of(Violation violation) {
    return switch (violation) {
      case BLANK_TOPIC -> BLANK_TOPIC;
      case BLANK_TAG -> BLANK_TAG;
      case INVALID_TAG -> INVALID_TAG;
      case OVERLAP -> DUPLICATE_SUBSCRIPTION;
    };
  }

  /** Warnings still generate code; everything else is an error. */
  Diagnostic.Kind kind() {
    return this == NO_SEND_METHODS ? Diagnostic.Kind.WARNING : Diagnostic.Kind.ERROR;
  }

  /** The fix hint's pattern. */
  String fix() {
    return fix;
  }

  /**
   * The full message: the problem, then " Fix: " and the hint, both with {@code args} filled in.
   */
  String format(Object... args) {
    return String.format(text, args) + " Fix: " + String.format(fix, args);
  }
}
