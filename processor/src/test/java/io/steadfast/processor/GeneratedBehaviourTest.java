package io.steadfast.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steadfast.Steadfast;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.MessageContext;
import io.steadfast.consume.MessageHandler;
import io.steadfast.outbox.Outbox;
import io.steadfast.produce.OutgoingMessage;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SendAck;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated classes: found by {@link Steadfast}, building the right messages, dispatching
 * to the right methods with the right arguments, and null-safe key paths.
 */
class GeneratedBehaviourTest {
  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes =
        new CompiledClasses(
            Sources.compileStrict(
                "good/com/acme/OrderEvents.java",
                "good/com/acme/Billing.java",
                "good/com/acme/Outer.java",
                "good/com/acme/Shipping.java",
                "good/com/acme/Checkout.java"));
  }

  /** Acks everything and remembers what it sent. */
  private static final class AckingSender implements ReliableSender {
    final List<OutgoingMessage> sent = new ArrayList<>();

    @Override
    public SendAck send(OutgoingMessage message) {
      sent.add(message);
      return new SendAck("m" + sent.size(), "s" + sent.size(), message.topic(), 1);
    }

    @Override
    public CompletableFuture<SendAck> sendAsync(OutgoingMessage message) {
      return CompletableFuture.completedFuture(send(message));
    }

    @Override
    public void close() {}
  }

  @Test
  void producerSendsWhatTheAnnotationsSay() throws Exception {
    AckingSender sender = new AckingSender();
    Class<?> iface = classes.load("com.acme.OrderEvents");
    Object events = Steadfast.producer(iface, sender);
    Object created = orderCreated("o-1", null, 500);

    Object receipt =
        iface.getMethod("created", String.class, created.getClass()).invoke(events, "o-1", created);
    Object future =
        iface
            .getMethod("paid", String.class, classes.load("com.acme.OrderPaid"))
            .invoke(events, "o-2", orderPaid("o-2", null));
    iface
        .getMethod("linesAdded", String.class, int.class, List.class)
        .invoke(events, "o-3", 7, List.of());
    iface.getMethod("remind", created.getClass()).invoke(events, created);
    iface.getMethod("created", created.getClass()).invoke(events, created); // default method

    assertThat(receipt).isEqualTo(new SendAck("m1", "s1", "orders", 1));
    assertThat(((CompletableFuture<?>) future).get())
        .isEqualTo(new SendAck("m2", "s2", "orders", 1));
    assertThat(sender.sent).hasSize(5);
    OutgoingMessage first = sender.sent.get(0);
    assertThat(first.topic()).isEqualTo("orders");
    assertThat(first.tag()).isEqualTo("created");
    assertThat(first.keys()).containsExactly("o-1");
    assertThat(first.payload()).isSameAs(created);
    OutgoingMessage lines = sender.sent.get(2);
    assertThat(lines.topic()).isEqualTo("order-lines");
    assertThat(lines.keys()).containsExactly("o-3", "7");
    assertThat(lines.messageGroup()).isEqualTo("lines");
    assertThat(lines.deliveryDelay()).isNull();
    OutgoingMessage reminder = sender.sent.get(3);
    assertThat(reminder.topic()).isEqualTo("reminders");
    assertThat(reminder.tag()).isNull();
    assertThat(reminder.keys()).isEmpty();
    assertThat(reminder.deliveryDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sender.sent.get(4).keys()).containsExactly("o-1");
  }

  @Test
  void outboxMethodsEnqueueOnTheCallersTransactionAndTheOthersSend() throws Exception {
    AckingSender sender = new AckingSender();
    Map<Connection, OutgoingMessage> enqueued = new LinkedHashMap<>();
    Outbox outbox = enqueued::put;
    Class<?> iface = classes.load("com.acme.Checkout");
    Object checkout = Steadfast.producer(iface, sender, outbox);
    Connection tx = nothing(Connection.class);
    Connection sessionConnection = nothing(Connection.class);
    SqlSession session =
        (SqlSession)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {SqlSession.class},
                (proxy, method, args) ->
                    method.getName().equals("getConnection") ? sessionConnection : null);
    Object created = orderCreated("o-1", null, 500);

    iface
        .getMethod("placed", Connection.class, String.class, created.getClass())
        .invoke(checkout, tx, "o-1", created);
    iface
        .getMethod("paid", String.class, classes.load("com.acme.OrderPaid"), SqlSession.class)
        .invoke(checkout, "o-2", orderPaid("o-2", null), session);
    iface.getMethod("started", String.class, created.getClass()).invoke(checkout, "o-3", created);

    assertThat(enqueued.keySet()).containsExactly(tx, sessionConnection);
    assertThat(enqueued.get(tx).tag()).isEqualTo("placed");
    assertThat(enqueued.get(tx).keys()).containsExactly("o-1");
    assertThat(enqueued.get(tx).payload()).isSameAs(created);
    assertThat(enqueued.get(sessionConnection).messageGroup()).isEqualTo("payments");
    assertThat(sender.sent).extracting(OutgoingMessage::tag).containsExactly("started");
    assertThatThrownBy(() -> Steadfast.producer(iface, sender))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is built from (ReliableSender, Outbox), not (ReliableSender)");
  }

  /** An instance of {@code type} whose methods do nothing. */
  private static <T> T nothing(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            GeneratedBehaviourTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                }));
  }

  @Test
  void consumerBindsEveryHandlerSortedByTopicAndTag() {
    Recorder recorder = new Recorder();
    ConsumerDefinition billing = consumer("com.acme.Billing", recorder);

    assertThat(billing.group()).isEqualTo("billing");
    assertThat(billing.handlers())
        .extracting(b -> b.topic() + "/" + b.tag() + "/" + b.transactional())
        .containsExactly(
            "order-lines/*/false",
            "orders/created/false",
            "orders/paid/true",
            "refunds/*/true",
            "reminders/*/false");
    assertThat(billing.handlers().get(3).source())
        .contains("Billing.onRefund(com.acme.OrderPaid, java.sql.Connection)");
  }

  @Test
  void handlersPassPayloadContextAndSessionInTheDeclaredOrder() throws Exception {
    Recorder recorder = new Recorder();
    List<HandlerBinding<?>> handlers = consumer("com.acme.Billing", recorder).handlers();
    MessageContext context = proxy(MessageContext.class);
    SqlSession session = proxy(SqlSession.class);
    Object paid = orderPaid("o-1", UUID.randomUUID());
    Object created = orderCreated("o-2", null, 1);

    handle(handlers.get(2), paid, context, session); // onPaid(SqlSession tx, OrderPaid event)
    handle(handlers.get(1), created, context, null); // onCreated(OrderCreated, MessageContext)

    assertThat(recorder.calls)
        .containsExactly(
            "onPaid" + List.of(session, paid), "onCreated" + List.of(created, context));
  }

  @Test
  void keyPathsReadGettersAndRecordAccessorsAndGiveNullForANullStep() throws Exception {
    List<HandlerBinding<?>> handlers = consumer("com.acme.Billing", new Recorder()).handlers();
    UUID payment = UUID.randomUUID();

    assertThat(key(handlers.get(1), orderCreated("o", customer("c-7"), 1))).isEqualTo("c-7");
    assertThat(key(handlers.get(1), orderCreated("o", null, 1))).isNull();
    assertThat(key(handlers.get(1), null)).isNull();
    assertThat(key(handlers.get(2), orderPaid("o", payment))).isEqualTo(payment.toString());
    assertThat(key(handlers.get(2), orderPaid("o", null))).isNull();
    assertThat(key(handlers.get(4), orderCreated("o", null, 500))).isEqualTo("500");
    assertThat(handlers.get(0).keyExtractor()).isEmpty(); // default key: producer's key
  }

  @Test
  void genericPayloadTypesEqualTheDeclaredParameterTypes() throws Exception {
    Class<?> shipping = classes.load("com.acme.Shipping");
    List<HandlerBinding<?>> handlers = consumer("com.acme.Shipping", new Recorder()).handlers();
    assertThat(handlers)
        .extracting(HandlerBinding::topic)
        .containsExactly("batches", "envelopes", "lines", "stock");
    for (HandlerBinding<?> binding : handlers) {
      Method method = methodFor(shipping, binding);
      assertThat(binding.payloadType()).isEqualTo(method.getGenericParameterTypes()[0]);
    }
    Object envelope =
        shipping.getDeclaredClasses()[0].getConstructors()[0].newInstance(
            "e-1", orderCreated("o", customer("c-1"), 1));
    assertThat(key(handlers.get(1), envelope)).isEqualTo("c-1");
  }

  @Test
  void nestedInterfacesAreFoundUnderTheirJoinedName() {
    ConsumerDefinition auditor = consumer("com.acme.Outer$Auditor", new Recorder());
    assertThat(auditor.getClass().getName()).isEqualTo("com.acme.Outer_Auditor_IdempotentConsumer");
    Object events = Steadfast.producer(classes.load("com.acme.Outer$Events"), new AckingSender());
    assertThat(events.getClass().getName()).isEqualTo("com.acme.Outer_Events_ReliableProducer");
  }

  @Test
  void withoutTheProcessorSteadfastNamesTheMavenSettingToAdd() {
    CompiledClasses unprocessed =
        new CompiledClasses(
            javac()
                .withOptions("-proc:none")
                .compile(Sources.withCommon("good/com/acme/OrderEvents.java")));
    Class<?> iface = unprocessed.load("com.acme.OrderEvents");

    assertThatThrownBy(() -> Steadfast.producer(iface, new AckingSender()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No generated class com.acme.OrderEvents_ReliableProducer")
        .hasMessageContaining("io.steadfast:steadfast-processor")
        .hasMessageContaining("<annotationProcessorPaths>");
  }

  /** Implements any handler interface by recording "method[args]". */
  private static final class Recorder {
    final List<String> calls = new ArrayList<>();

    Object implement(Class<?> iface) {
      return Proxy.newProxyInstance(
          iface.getClassLoader(),
          new Class<?>[] {iface},
          (p, m, args) -> {
            calls.add(m.getName() + List.of(args));
            return null;
          });
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ConsumerDefinition consumer(String iface, Recorder recorder) {
    Class type = classes.load(iface);
    return Steadfast.consumerDefinition(type, recorder.implement(type));
  }

  @SuppressWarnings("unchecked")
  private static void handle(
      HandlerBinding<?> binding, Object payload, MessageContext c, SqlSession s) throws Exception {
    ((MessageHandler<Object>) binding.handler()).handle(payload, c, s);
  }

  @SuppressWarnings("unchecked")
  private static String key(HandlerBinding<?> binding, Object payload) {
    return ((HandlerBinding<Object>) binding).keyExtractor().orElseThrow().apply(payload);
  }

  private static Method methodFor(Class<?> shipping, HandlerBinding<?> binding) {
    Map<String, String> methods =
        Map.of(
            "batches",
            "onBatches",
            "envelopes",
            "onEnvelope",
            "lines",
            "onLines",
            "stock",
            "onStock");
    for (Method m : shipping.getMethods()) {
      if (m.getName().equals(methods.get(binding.topic()))) {
        return m;
      }
    }
    throw new AssertionError("no handler for " + binding.topic());
  }

  private static <T> T proxy(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) ->
                switch (m.getName()) {
                  case "toString" -> type.getSimpleName();
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == a[0];
                  default -> throw new UnsupportedOperationException(m.getName());
                }));
  }

  private static Object customer(String id) throws Exception {
    return classes.load("com.acme.Customer").getConstructors()[0].newInstance(id, "name");
  }

  private static Object orderCreated(String id, Object customer, long cents) throws Exception {
    return classes
        .load("com.acme.OrderCreated")
        .getConstructors()[0]
        .newInstance(id, customer, cents, List.of());
  }

  private static Object orderPaid(String id, UUID payment) throws Exception {
    Class<?> type = classes.load("com.acme.OrderPaid");
    Object paid = type.getConstructor().newInstance();
    type.getMethod("setOrderId", String.class).invoke(paid, id);
    type.getMethod("setPaymentId", UUID.class).invoke(paid, payment);
    return paid;
  }
}
