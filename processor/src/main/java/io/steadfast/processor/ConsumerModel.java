package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A validated {@code @IdempotentConsumer} interface: everything the writer needs, nothing to check.
 *
 * @param element the interface (the originating element of the generated file)
 * @param iface the interface's name
 * @param generated the generated class's name
 * @param group consumer group
 * @param handlers the {@code @OnMessage} methods, sorted by topic and tag
 */
record ConsumerModel(
    TypeElement element,
    ClassName iface,
    ClassName generated,
    String group,
    List<Handler> handlers) {
  ConsumerModel {
    handlers = List.copyOf(handlers);
  }

  /** What the generated handler passes for one parameter of the user's method. */
  enum Argument {
    PAYLOAD,
    CONTEXT,
    SESSION,
    /** The transaction's JDBC connection: the session's {@code getConnection()}. */
    CONNECTION
  }

  /**
   * One {@code @OnMessage} method.
   *
   * @param method method name
   * @param parameterErasures erased parameter types, for the Javadoc link
   * @param topic subscribed topic
   * @param tag tag or "*"
   * @param payloadType declared payload type
   * @param reflectType expression of the payload's {@code java.lang.reflect.Type}
   * @param arguments what to pass for each parameter, in order
   * @param keyPath compiled key path, empty for the default key
   * @param keyMethod name of the generated key extractor method (when there is a key path)
   * @param source the method as messages name it: {@code Billing.onPaid(OrderPaid, SqlSession)}
   */
  record Handler(
      String method,
      List<TypeName> parameterErasures,
      String topic,
      String tag,
      TypeName payloadType,
      CodeBlock reflectType,
      List<Argument> arguments,
      Optional<KeyPath> keyPath,
      String keyMethod,
      String source) {
    Handler {
      parameterErasures = List.copyOf(parameterErasures);
      arguments = List.copyOf(arguments);
    }

    boolean transactional() {
      return arguments.contains(Argument.SESSION) || arguments.contains(Argument.CONNECTION);
    }
  }
}
