package io.steadfast.consume;

import org.apache.ibatis.session.SqlSession;

/**
 * Calls one user handler method. {@code session} is non-null only for transactional bindings.
 *
 * @param <T> payload type
 */
@FunctionalInterface
public interface MessageHandler<T> {
  void handle(T payload, MessageContext context, SqlSession session) throws Exception;
}
