package io.steadfast.store.memory;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore createStore() {
    return new InMemoryIdempotencyStore();
  }
}
