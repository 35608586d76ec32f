package io.steadfast.inbox;

/** The inbox on H2 in PostgreSQL compatibility mode, a common H2 setup (the demo's database). */
class H2PostgresModeInboxStoreTest extends H2InboxStoreTest {
  @Override
  protected String mode() {
    return ";MODE=PostgreSQL";
  }
}
