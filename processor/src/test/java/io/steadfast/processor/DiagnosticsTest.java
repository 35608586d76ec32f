package io.steadfast.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.steadfast.annotation.ReliableProducer;
import java.io.File;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative test per catalogue entry: each bad source under {@code src/test/resources/bad} fails
 * (or warns) with the entry's message, its fix hint, on the offending line.
 */
class DiagnosticsTest {

  /**
   * A bad source and what it must produce.
   *
   * @param problem catalogue entry
   * @param file source under bad/com/acme/bad
   * @param message a fragment of the expected message
   * @param line a fragment of the line the diagnostic must point at
   */
  record Case(Problem problem, String file, String message, String line) {
    @Override
    public String toString() {
      return problem + " in " + file;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            Problem.NOT_AN_INTERFACE,
            "NotAnInterface",
            "@ReliableProducer applies to interfaces, but NotAnInterface is a class.",
            "@ReliableProducer"),
        new Case(
            Problem.GENERIC_INTERFACE,
            "GenericInterface",
            "GenericInterface declares type parameters T.",
            "interface GenericInterface<T>"),
        new Case(
            Problem.PRIVATE_INTERFACE,
            "PrivateInterface",
            "Hidden is private",
            "private interface Hidden"),
        new Case(
            Problem.ENCLOSED_IN_PRIVATE_TYPE,
            "EnclosedInPrivateType",
            "Inner is nested in private type Holder",
            "interface Inner"),
        new Case(
            Problem.BLANK_TOPIC,
            "BlankTopic",
            "The topic of BlankTopic is blank.",
            "topic = \" \""),
        new Case(
            Problem.BLANK_GROUP,
            "BlankGroup",
            "The consumer group of BlankGroup is blank.",
            "group = \"\""),
        new Case(
            Problem.BLANK_TAG,
            "BlankTag",
            "The tag of BlankTag.on(com.acme.OrderCreated) is blank.",
            "tag = \" \""),
        new Case(
            Problem.INVALID_TAG,
            "InvalidTag",
            "The tag \"created || paid\" of InvalidTag.on(com.acme.OrderCreated) contains",
            "tag = \"created || paid\""),
        new Case(
            Problem.NO_SEND_METHODS,
            "NoSendMethods",
            "NoSendMethods has no @Send methods",
            "interface NoSendMethods"),
        new Case(
            Problem.NO_HANDLER_METHODS,
            "NoHandlerMethods",
            "NoHandlerMethods has no @OnMessage methods",
            "interface NoHandlerMethods"),
        new Case(
            Problem.MISSING_SEND,
            "MissingSend",
            "MissingSend.forgotten(com.acme.OrderCreated) is abstract but not annotated @Send.",
            "void forgotten"),
        new Case(
            Problem.MISSING_ON_MESSAGE,
            "MissingOnMessage",
            "is abstract but not annotated @OnMessage.",
            "void forgotten"),
        new Case(
            Problem.ANNOTATED_DEFAULT_METHOD,
            "AnnotatedDefaultMethod",
            "AnnotatedDefaultMethod.sendTwice(com.acme.OrderCreated) has a body, so @Send on it"
                + " has no effect.",
            "@Send(tag = \"twice\")"),
        new Case(
            Problem.GENERIC_METHOD,
            "GenericMethod",
            "GenericMethod.sendAnything(T) declares type parameters.",
            "sendAnything"),
        new Case(
            Problem.NO_PAYLOAD,
            "NoPayload",
            "NoPayload.ping(java.lang.String) has no payload parameter.",
            "void ping"),
        new Case(
            Problem.TWO_PAYLOADS,
            "TwoPayloads",
            "has more than one payload parameter: orderId, event.",
            "void send"),
        new Case(
            Problem.TWO_PAYLOADS,
            "LookalikeMessageContext",
            "has more than one payload parameter: event, ctx. ctx is a"
                + " com.acme.bad.LookalikeMessageContext.MessageContext, not"
                + " io.steadfast.consume.MessageContext (check its import).",
            "void on"),
        new Case(
            Problem.UNSUPPORTED_PAYLOAD_TYPE,
            "UnsupportedPayloadType",
            "The payload type int of UnsupportedPayloadType.onCount(int) cannot be decoded.",
            "int count"),
        new Case(
            Problem.UNSUPPORTED_PAYLOAD_TYPE,
            "RawPayloadType",
            "The payload type java.util.List of RawPayloadType.onLines(java.util.List) cannot be"
                + " decoded.",
            "List lines"),
        new Case(
            Problem.DUPLICATE_PARAMETER,
            "DuplicateParameter",
            "takes more than one MessageContext.",
            "MessageContext second"),
        new Case(
            Problem.SESSION_AND_CONNECTION,
            "SessionAndConnection",
            "SessionAndConnection.on(com.acme.OrderCreated, org.apache.ibatis.session.SqlSession,"
                + " java.sql.Connection) takes both a SqlSession and a Connection",
            "void on("),
        new Case(
            Problem.UNSUPPORTED_SEND_RETURN,
            "UnsupportedSendReturn",
            "returns java.util.concurrent.CompletableFuture<java.lang.String>. Fix: return SendAck"
                + " or void (blocks until acked) or CompletableFuture<SendAck>",
            "CompletableFuture<String> send"),
        new Case(
            Problem.UNSUPPORTED_SEND_RETURN,
            "RocketMqSendReceipt",
            "returns org.apache.rocketmq.client.apis.producer.SendReceipt. Fix: return SendAck or"
                + " void",
            "SendReceipt send"),
        new Case(
            Problem.UNSUPPORTED_SEND_RETURN,
            "LookalikeSendAck",
            "returns com.acme.bad.LookalikeSendAck.SendAck. Fix: return"
                + " io.steadfast.produce.SendAck or void (blocks until acked) or"
                + " CompletableFuture<io.steadfast.produce.SendAck> (completes when acked).",
            "SendAck send"),
        new Case(
            Problem.UNSUPPORTED_HANDLER_RETURN,
            "UnsupportedHandlerReturn",
            "returns boolean, but handlers return nothing.",
            "boolean on"),
        new Case(
            Problem.KEY_NOT_CONVERTIBLE,
            "KeyNotConvertible",
            "@Key parameter keys has type java.util.ArrayList<java.lang.String>",
            "@Key java.util.ArrayList<String>"),
        new Case(
            Problem.KEY_PATH_MALFORMED,
            "KeyPathMalformed",
            "The key path \"customer..id\"",
            "key = \"customer..id\""),
        new Case(
            Problem.KEY_PATH_UNKNOWN_PROPERTY,
            "KeyPathUnknownProperty",
            "com.acme.Customer has no readable property \"idd\". Did you mean \"id\"?",
            "key = \"customer.idd\""),
        new Case(
            Problem.KEY_PATH_UNKNOWN_PROPERTY,
            "KeyPathTransposedProperty",
            "has no readable property \"emial\". Did you mean \"email\"?",
            "key = \"emial\""),
        new Case(
            Problem.KEY_PATH_UNKNOWN_PROPERTY,
            "KeyPathUnknownFarProperty",
            "has no readable property \"amount\". Readable properties: express, orderId,"
                + " paymentId.",
            "key = \"amount\""),
        new Case(
            Problem.KEY_PATH_NOT_CONVERTIBLE,
            "KeyPathNotConvertible",
            "ends in type java.util.List<com.acme.OrderLine>",
            "key = \"lines\""),
        new Case(
            Problem.DUPLICATE_SUBSCRIPTION,
            "DuplicateSubscription",
            "DuplicateSubscription.first(com.acme.OrderCreated) and"
                + " DuplicateSubscription.second(com.acme.OrderCreated) would both receive topic"
                + " \"orders\" tag \"created\".",
            "@OnMessage(tag = \"created\", topic = \"orders\")"),
        new Case(
            Problem.DUPLICATE_SUBSCRIPTION,
            "WildcardOverlap",
            "would both receive topic \"orders\" tag \"created\".",
            "@OnMessage(topic = \"orders\")"),
        new Case(
            Problem.NEGATIVE_DELAY, "NegativeDelay", "is negative (-5 ms).", "delayMillis = -5"),
        new Case(
            Problem.OUTBOX_METHOD_NOT_VOID,
            "OutboxMethodNotVoid",
            "OutboxMethodNotVoid.created(java.sql.Connection, com.acme.OrderCreated) takes the"
                + " caller's transaction (Connection), so it writes its message into the outbox"
                + " and a relay sends it after the commit: no broker ack exists when it returns,"
                + " yet it returns io.steadfast.produce.SendAck. Fix: return void, or remove the"
                + " Connection parameter",
            "SendAck created("),
        new Case(
            Problem.DUPLICATE_PARAMETER,
            "TwoOutboxConnections",
            "takes more than one Connection.",
            "Connection second"),
        new Case(
            Problem.MESSAGE_GROUP_WITH_DELAY,
            "MessageGroupWithDelay",
            "sets both a message group and a delivery delay",
            "delayMillis = 1000"),
        new Case(
            Problem.INTERNAL_ERROR,
            "Clash",
            "The Steadfast processor could not process com.acme.bad.Clash:"
                + " javax.annotation.processing.FilerException",
            "public interface Clash"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reportsTheProblemWithItsFixOnTheOffendingLine(Case c) {
    List<JavaFileObject> sources = Sources.withCommon(resource(c.file()));
    if (c.problem() == Problem.INTERNAL_ERROR) {
      sources.add(JavaFileObjects.forResource(resource("Clash_ReliableProducer")));
    }
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = javac().withProcessors(processor).compile(sources);
    String fix = "Fix: " + fixOf(c.problem());
    JavaFileObject file = JavaFileObjects.forResource(resource(c.file()));
    if (c.problem().kind() == javax.tools.Diagnostic.Kind.WARNING) {
      assertThat(compilation).succeeded();
      assertThat(compilation)
          .hadWarningContaining(c.message())
          .inFile(file)
          .onLineContaining(lastLine(c.line()));
      assertThat(compilation).hadWarningContaining(fix);
    } else {
      assertThat(compilation).failed();
      assertThat(compilation)
          .hadErrorContaining(c.message())
          .inFile(file)
          .onLineContaining(lastLine(c.line()));
      assertThat(compilation).hadErrorContaining(fix);
      assertThat(processor.written()).isEmpty();
    }
  }

  @Test
  void everyCatalogueEntryHasANegativeTest() {
    Set<Problem> tested = EnumSet.noneOf(Problem.class);
    cases().forEach(c -> tested.add(c.problem()));
    tested.add(Problem.SQL_SESSION_WITHOUT_MYBATIS); // below: needs its own classpath
    assertThat(tested).containsExactlyInAnyOrder(Problem.values());
  }

  @Test
  void sqlSessionWithoutMybatisOnTheClasspathIsExplained() throws URISyntaxException {
    File runtimeOnly =
        new File(
            ReliableProducer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaFileObject file = JavaFileObjects.forResource(resource("SqlSessionWithoutMybatis"));
    Compilation compilation =
        javac()
            .withProcessors(new SteadfastProcessor())
            .withClasspath(List.of(runtimeOnly))
            .compile(Sources.withCommon(resource("SqlSessionWithoutMybatis")));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "SqlSessionWithoutMybatis.on(com.acme.OrderPaid, SqlSession) takes a"
                + " SqlSession, but MyBatis")
        .inFile(file)
        .onLineContaining("SqlSession tx");
    assertThat(compilation).hadErrorContaining("add the dependency org.mybatis:mybatis");
  }

  @Test
  void aTypeWithErrorsGetsNothingWrittenWhileOtherTypesGoOn() {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(processor)
            .compile(
                Sources.withCommon(
                    "good/com/acme/OrderEvents.java",
                    resource("BlankTopic"),
                    resource("BlankGroup")));
    assertThat(compilation).hadErrorCount(2);
    assertThat(processor.written()).containsExactly("com.acme.OrderEvents_ReliableProducer");
  }

  private static String resource(String name) {
    return "bad/com/acme/bad/" + name + ".java";
  }

  private static String lastLine(String fragment) {
    return fragment.substring(fragment.lastIndexOf('\n') + 1);
  }

  /** The fix text of {@code problem} up to its first placeholder. */
  private static String fixOf(Problem problem) {
    int placeholder = problem.fix().indexOf('%');
    return placeholder < 0 ? problem.fix() : problem.fix().substring(0, placeholder);
  }
}
