package io.steadfast;

import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.produce.ReliableSender;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point: finds the classes the annotation processor generated beside an annotated interface.
 */
public final class Steadfast {
  static final String PRODUCER_SUFFIX = "_ReliableProducer";
  static final String CONSUMER_SUFFIX = "_IdempotentConsumer";

  private Steadfast() {}

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
          name + " does not match this runtime version; rebuild with the same Steadfast version", e);
    }
  }

  /** {@code com.acme.Outer.Inner} becomes {@code com.acme.Outer_Inner<suffix>}, as Dagger names it. */
  static String generatedName(Class<?> iface, String suffix) {
    String pkg = iface.getPackageName();
    String simple = iface.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    return (pkg.isEmpty() ? "" : pkg + ".") + simple + suffix;
  }
}
