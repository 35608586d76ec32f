package io.steadfast.outbox;

/** The outbox on H2 in PostgreSQL compatibility mode, a common H2 setup (the demo's database). */
class H2PostgresModeOutboxStoreTest extends H2OutboxStoreTest {
  @Override
  protected String mode() {
    return ";MODE=PostgreSQL";
  }
}
