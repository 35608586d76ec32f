package io.steadfast.samples.unsafe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The guard of the common hand-written pattern: "SET key NX" before processing, "DEL key" when
 * processing failed. In Redis, or as INSERT/DELETE on a table when the demo runs without Redis
 * (same semantics: one winner per key, removed again on failure).
 */
public interface NxGuard extends AutoCloseable {
  /** SET NX: true if the key was absent and is now set. */
  boolean setIfAbsent(String key);

  /** DEL. */
  void delete(String key);

  @Override
  default void close() {}

  /** Redis at {@code uri}; keys expire after a day, as the advice usually suggests. */
  static NxGuard redis(String uri) {
    RedisClient jedis = RedisClient.create(java.net.URI.create(uri));
    return new NxGuard() {
      @Override
      public boolean setIfAbsent(String key) {
        return "OK".equals(jedis.set(key, "1", SetParams.setParams().nx().ex(86_400)));
      }

      @Override
      public void delete(String key) {
        jedis.del(key);
      }

      @Override
      public void close() {
        jedis.close();
      }
    };
  }

  /** A table {@code unsafe_guard} with the key as primary key. */
  static NxGuard sql(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement()
          .execute("CREATE TABLE IF NOT EXISTS unsafe_guard (k VARCHAR(200) PRIMARY KEY)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table unsafe_guard", e);
    }
    return new NxGuard() {
      @Override
      public boolean setIfAbsent(String key) {
        try (Connection c = dataSource.getConnection();
            PreparedStatement ps = c.prepareStatement("INSERT INTO unsafe_guard (k) VALUES (?)")) {
          ps.setString(1, key);
          ps.executeUpdate();
          return true;
        } catch (SQLException e) {
          if ("23505".equals(e.getSQLState())) {
            return false;
          }
          throw new IllegalStateException("SET NX failed", e);
        }
      }

      @Override
      public void delete(String key) {
        try (Connection c = dataSource.getConnection();
            PreparedStatement ps = c.prepareStatement("DELETE FROM unsafe_guard WHERE k = ?")) {
          ps.setString(1, key);
          ps.executeUpdate();
        } catch (SQLException e) {
          throw new IllegalStateException("DEL failed", e);
        }
      }
    };
  }
}
