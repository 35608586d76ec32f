package io.steadfast;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.inbox.InboxConfig;
import io.steadfast.internal.consume.ConsumerEngines;
import io.steadfast.internal.outbox.RelayLoop;
import io.steadfast.internal.produce.RocketMqReliableSender;
import io.steadfast.outbox.Outbox;
import io.steadfast.outbox.OutboxRelay;
import io.steadfast.outbox.OutboxRelayConfig;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Entry point: starts senders and consumers, and finds the classes the annotation processor
 * generated beside an annotated interface.
 */
public final class Steadfast {
  static final String PRODUCER_SUFFIX = "_ReliableProducer";
  static final String CONSUMER_SUFFIX = "_IdempotentConsumer";

  private Steadfast() {}

  /**
   * Starts a sender: every send returns (or completes) only on a broker ack. Close it when done.
   */
  public static ReliableSender sender(SenderConfig config) {
    return RocketMqReliableSender.start(config);
  }

  /**
   * Returns the generated {@code <Interface>_ReliableProducer} for {@code iface} over a new sender
   * started from {@code config}. That sender lives as long as the application; use {@link
   * #producer(Class, ReliableSender)} to control its lifecycle.
   */
  public static <T> T producer(Class<T> iface, SenderConfig config) {
    return producer(iface, sender(config));
  }

  /**
   * Starts the generated {@code <Interface>_IdempotentConsumer} for {@code iface}, calling {@code
   * impl}. Close the returned consumer to stop it.
   */
  public static <T> RunningConsumer consumer(Class<T> iface, T impl, ConsumerConfig config) {
    return consumer(consumerDefinition(iface, impl), config);
  }

  /** Starts a consumer for any definition, generated or hand-written. */
  public static RunningConsumer consumer(ConsumerDefinition definition, ConsumerConfig config) {
    return ConsumerEngines.start(definition, config);
  }

  /**
   * Returns the generated {@code <Interface>_ReliableProducer} for {@code iface}, sending through
   * {@code sender}. An interface with outbox methods (a {@code Connection} or {@code SqlSession}
   * parameter) needs an {@link Outbox} too: use {@link #producer(Class, ReliableSender, Outbox)}.
   */
  public static <T> T producer(Class<T> iface, ReliableSender sender) {
    return iface.cast(
        instantiate(iface, PRODUCER_SUFFIX, new Class<?>[] {ReliableSender.class}, sender));
  }

  /**
   * Returns the generated producer of an interface whose methods all enqueue into {@code outbox}
   * (each takes a {@code Connection} or {@code SqlSession}); an outbox relay sends the messages.
   */
  public static <T> T producer(Class<T> iface, Outbox outbox) {
    return iface.cast(instantiate(iface, PRODUCER_SUFFIX, new Class<?>[] {Outbox.class}, outbox));
  }

  /**
   * Returns the generated producer of an interface with both kinds of methods: those with a {@code
   * Connection} or {@code SqlSession} parameter enqueue into {@code outbox}, the others send
   * through {@code sender}.
   */
  public static <T> T producer(Class<T> iface, ReliableSender sender, Outbox outbox) {
    return iface.cast(
        instantiate(
            iface,
            PRODUCER_SUFFIX,
            new Class<?>[] {ReliableSender.class, Outbox.class},
            sender,
            outbox));
  }

  /**
   * Starts the generated consumer of {@code iface} in inbox mode: each delivered message is stored
   * in {@code config.inbox()} and acked at once, and {@code impl}'s handlers run from the inbox on
   * local workers, with retries; a message that keeps failing is parked. Close it to stop it.
   */
  public static <T> RunningConsumer inboxConsumer(Class<T> iface, T impl, InboxConfig config) {
    return inboxConsumer(consumerDefinition(iface, impl), config);
  }

  /** Starts any consumer definition, generated or hand-written, in inbox mode. */
  public static RunningConsumer inboxConsumer(ConsumerDefinition definition, InboxConfig config) {
    return ConsumerEngines.startInbox(definition, config);
  }

  /**
   * Starts a relay that sends the committed rows of {@code config.outbox()}: claim, send with the
   * ack-checking sender, mark sent. Start one per application instance; several share a table
   * without sending a row twice in normal operation. Close it to stop it.
   */
  public static OutboxRelay outboxRelay(OutboxRelayConfig config) {
    return RelayLoop.start(config);
  }

  /**
   * Returns the generated {@code <Interface>_IdempotentConsumer} for {@code iface}: the consumer
   * group and one handler binding per {@code @OnMessage} method, calling {@code impl}.
   */
  public static <T> ConsumerDefinition consumerDefinition(Class<T> iface, T impl) {
    return (ConsumerDefinition) instantiate(iface, CONSUMER_SUFFIX, new Class<?>[] {iface}, impl);
  }

  private static Object instantiate(
      Class<?> iface, String suffix, Class<?>[] argTypes, Object... args) {
    String name = generatedName(iface, suffix);
    Class<?> generated;
    try {
      generated = Class.forName(name, true, iface.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "No generated class "
              + name
              + " for "
              + iface.getName()
              + ": the Steadfast annotation processor did not run. Add io.steadfast:steadfast-processor"
              + " to <annotationProcessorPaths> of maven-compiler-plugin and rebuild.",
          e);
    }
    Constructor<?> constructor;
    try {
      constructor = generated.getConstructor(argTypes);
    } catch (NoSuchMethodException e) {
      if (!suffix.equals(PRODUCER_SUFFIX)) {
        throw new IllegalStateException(
            name + " does not match this runtime version; rebuild with the same Steadfast version",
            e);
      }
      throw new IllegalArgumentException(
          name
              + " is built from "
              + Arrays.stream(generated.getConstructors())
                  .map(c -> parameterList(c.getParameterTypes()))
                  .collect(Collectors.joining(" or "))
              + ", not "
              + parameterList(argTypes)
              + ": methods with a Connection or SqlSession parameter enqueue into an Outbox, the"
              + " others send through a ReliableSender. Pass what it takes to Steadfast.producer.",
          e);
    }
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Constructing " + name + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          name + " does not match this runtime version; rebuild with the same Steadfast version",
          e);
    }
  }

  private static String parameterList(Class<?>[] types) {
    return Arrays.stream(types)
        .map(Class::getSimpleName)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * {@code com.acme.Outer.Inner} becomes {@code com.acme.Outer_Inner<suffix>}, as Dagger names it.
   */
  static String generatedName(Class<?> iface, String suffix) {
    String pkg = iface.getPackageName();
    String simple =
        iface.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    return (pkg.isEmpty() ? "" : pkg + ".") + simple + suffix;
  }
}
