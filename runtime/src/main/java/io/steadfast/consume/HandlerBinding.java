package io.steadfast.consume;

import io.steadfast.internal.SubscriptionRules;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Routes the messages of one topic and tag to one handler. Generated {@code *_IdempotentConsumer}
 * classes build one per {@code @OnMessage} method; a hand-written {@link ConsumerDefinition} builds
 * them the same way:
 *
 * <pre>{@code
 * HandlerBinding.builder("orders", "created", OrderCreated.class)
 *     .key(OrderCreated::orderId)   // optional: the dedup key from the payload (one business event)
 *     .transactional()              // optional: the handler runs in the dedup record's transaction
 *     .handler((event, ctx, tx) -> invoices.create(event));
 * }</pre>
 *
 * <p>Topics and tags follow the same rule as {@code @OnMessage}: a topic is not blank, a tag is one
 * word or {@code "*"} for every tag; {@link ConsumerDefinition#of} and the consumer refuse two
 * bindings that receive the same topic and tag.
 *
 * @param <T> payload type
 */
public final class HandlerBinding<T> {
  private final String topic;
  private final String tag;
  private final Type payloadType;
  private final Function<? super T, String> keyExtractor;
  private final boolean transactional;
  private final String source;
  private final MessageHandler<T> handler;

  private HandlerBinding(Builder<T> builder, MessageHandler<T> handler) {
    this.topic = builder.topic;
    this.tag = builder.tag;
    this.payloadType = builder.payloadType;
    this.keyExtractor = builder.keyExtractor;
    this.transactional = builder.transactional;
    this.source = builder.source;
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Starts a binding of {@code topic} and {@code tag} ({@code "*"} for every tag) for payloads of
   * class {@code payloadType}.
   *
   * @throws IllegalArgumentException if the topic is blank or the tag is neither one word nor
   *     {@code "*"}
   */
  public static <T> Builder<T> builder(String topic, String tag, Class<T> payloadType) {
    return new Builder<>(topic, tag, payloadType);
  }

  /**
   * Starts a binding for a generic payload type, such as {@code List<OrderLine>} as reflection
   * reports it; name the type argument: {@code HandlerBinding.<List<OrderLine>>builder(...)}.
   *
   * @throws IllegalArgumentException if the topic is blank or the tag is neither one word nor
   *     {@code "*"}
   */
  public static <T> Builder<T> builder(String topic, String tag, Type payloadType) {
    return new Builder<>(topic, tag, payloadType);
  }

  /** The subscribed topic. */
  public String topic() {
    return topic;
  }

  /** The subscribed tag, or {@code "*"} for every tag. */
  public String tag() {
    return tag;
  }

  /** The declared payload type (generic types included) the codec decodes to. */
  public Type payloadType() {
    return payloadType;
  }

  /** Reads the dedup key from the payload; empty for the default key (the message key). */
  public Optional<Function<? super T, String>> keyExtractor() {
    return Optional.ofNullable(keyExtractor);
  }

  /**
   * Whether the handler runs in the dedup record's transaction and gets its {@code SqlSession}
   * (whose {@code getConnection()} is the transaction's connection).
   */
  public boolean transactional() {
    return transactional;
  }

  /**
   * The method the binding calls, for messages: {@code BillingHandler.onPaid(OrderPaid,
   * SqlSession)} in generated bindings; empty if not given ({@link Builder#source}).
   */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Calls the user's handler. */
  public MessageHandler<T> handler() {
    return handler;
  }

  /**
   * {@code HandlerBinding[orders:created, com.acme.OrderCreated]}, with {@code " -> "} and the
   * {@link #source()} when there is one.
   */
  @Override
  public String toString() {
    return "HandlerBinding["
        + topic
        + ":"
        + tag
        + ", "
        + payloadType.getTypeName()
        + (source == null ? "" : " -> " + source)
        + "]";
  }

  /**
   * The optional parts of a binding; {@link #handler} completes it.
   *
   * @param <T> payload type
   */
  public static final class Builder<T> {
    private final String topic;
    private final String tag;
    private final Type payloadType;
    private Function<? super T, String> keyExtractor;
    private boolean transactional;
    private String source;

    private Builder(String topic, String tag, Type payloadType) {
      this.topic = Objects.requireNonNull(topic, "topic");
      this.tag = Objects.requireNonNull(tag, "tag");
      this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
      SubscriptionRules.requireSubscribable(
          "HandlerBinding.builder(\""
              + topic
              + "\", \""
              + tag
              + "\", "
              + payloadType.getTypeName()
              + ")",
          topic,
          tag);
    }

    /**
     * Reads the dedup key from the payload instead of taking the message key. It must name one
     * business event for the whole retention (an order id, never a customer id); a {@code null} or
     * blank result is bad input: the message is not acked and dead-letters after max attempts.
     */
    public Builder<T> key(Function<? super T, String> keyExtractor) {
      this.keyExtractor = Objects.requireNonNull(keyExtractor, "keyExtractor");
      return this;
    }

    /**
     * Runs the handler in the dedup record's transaction and passes it a {@code SqlSession} of that
     * transaction (needs a {@code TransactionalIdempotencyStore}); a handler that wants plain JDBC
     * takes the session's {@code getConnection()}.
     */
    public Builder<T> transactional() {
      this.transactional = true;
      return this;
    }

    /**
     * Names the method the binding calls, as messages about the binding show it (generated bindings
     * pass {@code Interface.method(ParameterTypes)}).
     */
    public Builder<T> source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Completes the binding with the handler it calls; {@code session} is non-null only for {@link
     * #transactional()} bindings.
     */
    public HandlerBinding<T> handler(MessageHandler<T> handler) {
      return new HandlerBinding<>(this, handler);
    }
  }
}
