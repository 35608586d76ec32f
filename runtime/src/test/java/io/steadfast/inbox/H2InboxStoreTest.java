package io.steadfast.inbox;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

class H2InboxStoreTest extends InboxStoreContract {
  private JdbcConnectionPool pool;

  /** Settings appended to the URL, e.g. a compatibility mode. */
  protected String mode() {
    return "";
  }

  @Override
  protected DataSource openDataSource() {
    pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + mode(), "sa", "");
    return pool;
  }

  @Override
  protected String table() {
    return JdbcInbox.DEFAULT_TABLE;
  }

  @Override
  protected void cleanUp() {
    pool.dispose();
  }
}
