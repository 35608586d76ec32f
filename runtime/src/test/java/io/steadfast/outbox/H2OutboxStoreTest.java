package io.steadfast.outbox;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

class H2OutboxStoreTest extends OutboxStoreContract {
  private JdbcConnectionPool pool;

  /** Settings appended to the URL, e.g. a compatibility mode. */
  protected String mode() {
    return "";
  }

  @Override
  protected DataSource openDataSource() {
    pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + mode(), "sa", "");
    return pool;
  }

  @Override
  protected String table() {
    return JdbcOutbox.DEFAULT_TABLE;
  }

  @Override
  protected void cleanUp() {
    pool.dispose();
  }
}
