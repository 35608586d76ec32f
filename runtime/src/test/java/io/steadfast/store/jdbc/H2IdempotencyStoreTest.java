package io.steadfast.store.jdbc;

import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.IdempotencyStoreContract;
import io.steadfast.testkit.TestDatabases;

class H2IdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore createStore() {
    return MyBatisIdempotencyStore.h2InMemory(TestDatabases.uniqueName("h2"));
  }
}
