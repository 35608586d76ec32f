package io.steadfast.consume;

/**
 * Begins the transactions that transactional handlers run in. Without one ({@link
 * ConsumerConfig.Builder#transactions}), the engine uses the store's own sessions ({@link
 * io.steadfast.store.TransactionalIdempotencyStore#openSession()}) for handlers that take a {@code
 * SqlSession} or a {@code Connection}. With one, every handler of the consumer runs in a
 * transaction it begins: a framework's transaction manager (the Spring Boot starter's) makes the
 * handler's own data access, whatever its API, commit together with the dedup record.
 */
@FunctionalInterface
public interface HandlerTransactions {

  /**
   * Begins a transaction on the dedup store's database.
   *
   * @throws RuntimeException if no transaction can begin (the message is left for redelivery)
   */
  HandlerTransaction begin();
}
