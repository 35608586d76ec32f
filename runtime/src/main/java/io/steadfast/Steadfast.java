package io.steadfast;

import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.internal.consume.ConsumerEngines;
import io.steadfast.internal.produce.RocketMqReliableSender;
import io.steadfast.produce.ReliableSender;
import io.steadfast.produce.SenderConfig;
import java.lang.reflect.InvocationTargetException;

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
   * {@code sender}.
   */
  public static <T> T producer(Class<T> iface, ReliableSender sender) {
    return iface.cast(instantiate(iface, PRODUCER_SUFFIX, ReliableSender.class, sender));
  }

  /**
   * Returns the generated {@code <Interface>_IdempotentConsumer} for {@code iface}: the consumer
   * group and one handler binding per {@code @OnMessage} method, calling {@code impl}.
   */
  public static <T> ConsumerDefinition consumerDefinition(Class<T> iface, T impl) {
    return (ConsumerDefinition) instantiate(iface, CONSUMER_SUFFIX, iface, impl);
  }

  private static Object instantiate(Class<?> iface, String suffix, Class<?> argType, Object arg) {
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
    try {
      return generated.getConstructor(argType).newInstance(arg);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Constructing " + name + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          name + " does not match this runtime version; rebuild with the same Steadfast version",
          e);
    }
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
