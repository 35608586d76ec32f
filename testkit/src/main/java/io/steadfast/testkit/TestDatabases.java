package io.steadfast.testkit;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Connection settings of the PostgreSQL and MariaDB servers that tests use, from environment
 * variables with loopback defaults, plus unique table names so tests can run in parallel and drop
 * what they create.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>database</th><th>variables</th><th>defaults</th></tr>
 *   <tr><td>PostgreSQL</td><td>STEADFAST_PG_URL, STEADFAST_PG_USER, STEADFAST_PG_PASSWORD</td>
 *       <td>jdbc:postgresql://127.0.0.1:5432/test, postgres, empty</td></tr>
 *   <tr><td>MariaDB</td><td>STEADFAST_MARIADB_URL, STEADFAST_MARIADB_USER,
 *       STEADFAST_MARIADB_PASSWORD</td><td>jdbc:mariadb://127.0.0.1:3306/test, root, empty</td></tr>
 * </table>
 *
 * <p>A test that needs a database fails (never skips) when it cannot be reached: see {@link
 * DatabaseSettings#requireReachable()}.
 */
public final class TestDatabases {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestDatabases() {}

  /** PostgreSQL settings (default 127.0.0.1:5432, user postgres, database test). */
  public static DatabaseSettings postgres() {
    return fromEnv(
        "PostgreSQL",
        "STEADFAST_PG",
        "jdbc:postgresql://127.0.0.1:5432/test",
        "postgres",
        System.getenv());
  }

  /** MariaDB settings (default 127.0.0.1:3306, user root, empty password, database test). */
  public static DatabaseSettings mariadb() {
    return fromEnv(
        "MariaDB",
        "STEADFAST_MARIADB",
        "jdbc:mariadb://127.0.0.1:3306/test",
        "root",
        System.getenv());
  }

  /**
   * A fresh lower-case identifier {@code prefix_<10 random letters/digits>}, valid as a table or
   * schema name on every database, so parallel tests never share tables.
   */
  public static String uniqueName(String prefix) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder name = new StringBuilder(prefix.toLowerCase(Locale.ROOT)).append('_');
    for (int i = 0; i < 10; i++) {
      name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return name.toString();
  }

  static DatabaseSettings fromEnv(
      String product,
      String prefix,
      String defaultUrl,
      String defaultUser,
      Map<String, String> env) {
    String url = Optional.ofNullable(env.get(prefix + "_URL")).orElse(defaultUrl);
    String user = Optional.ofNullable(env.get(prefix + "_USER")).orElse(defaultUser);
    String password = Optional.ofNullable(env.get(prefix + "_PASSWORD")).orElse("");
    return new DatabaseSettings(product, prefix + "_URL", url, user, password);
  }
}
