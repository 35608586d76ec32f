package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated {@code @ReliableProducer} interface: everything the writer needs, nothing to check.
 *
 * @param element the interface (the originating element of the generated file)
 * @param iface the interface's name
 * @param generated the generated class's name
 * @param methods the {@code @Send} methods, sorted by name and parameter types
 */
record ProducerModel(
    TypeElement element, ClassName iface, ClassName generated, List<SendMethod> methods) {
  ProducerModel {
    methods = List.copyOf(methods);
  }

  /** Whether some method sends at once (the generated class then needs a sender). */
  boolean sends() {
    return methods.stream().anyMatch(m -> m.transaction() == Transaction.NONE);
  }

  /** Whether some method enqueues into the outbox (the generated class then needs an outbox). */
  boolean enqueues() {
    return methods.stream().anyMatch(m -> m.transaction() != Transaction.NONE);
  }

  /** The caller's transaction an outbox method writes in; NONE for a method that sends at once. */
  enum Transaction {
    NONE,
    CONNECTION,
    SESSION
  }

  /** How a send method returns. */
  enum Returns {
    VOID,
    ACK,
    FUTURE
  }

  /** A method parameter as the generated override declares it. */
  record Parameter(String name, TypeName type, TypeName erasure) {}

  /**
   * One {@code @Send} method.
   *
   * @param name method name
   * @param parameters all parameters, in declaration order
   * @param returns sync (void or SendAck) or async
   * @param topic resolved topic
   * @param tag tag, or empty for none
   * @param messageGroup FIFO message group, or empty
   * @param delayMillis delivery delay, 0 for none
   * @param keys names of the {@code @Key} parameters, in order
   * @param payload name of the payload parameter
   * @param transaction the kind of the transaction parameter; NONE for a method that sends at once
   * @param transactionParameter name of the {@code Connection} or {@code SqlSession} parameter, or
   *     null
   */
  record SendMethod(
      String name,
      List<Parameter> parameters,
      Returns returns,
      String topic,
      String tag,
      String messageGroup,
      long delayMillis,
      List<String> keys,
      String payload,
      Transaction transaction,
      String transactionParameter) {
    SendMethod {
      parameters = List.copyOf(parameters);
      keys = List.copyOf(keys);
    }
  }
}
