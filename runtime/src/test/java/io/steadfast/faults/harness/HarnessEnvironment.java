package io.steadfast.faults.harness;

import io.steadfast.testkit.DatabaseSettings;
import io.steadfast.testkit.EmbeddedRocketMQ;
import io.steadfast.testkit.FaultyLink;
import io.steadfast.testkit.FlushDiskType;
import io.steadfast.testkit.RedisServer;
import io.steadfast.testkit.TestDatabases;
import io.steadfast.testkit.Topology;
import java.net.URI;
import java.nio.file.Path;

/**
 * The servers every schedule shares: a SYNC_FLUSH master + sync slave cluster whose proxy (for gRPC
 * clients) and master (for remoting clients) each sit behind a fault link, a Redis server and
 * PostgreSQL, each reached through a fault link of its own (effects are recorded straight to
 * PostgreSQL, past the links).
 */
final class HarnessEnvironment implements AutoCloseable {
  final EmbeddedRocketMQ mq;
  final RedisServer redis;
  final FaultyLink redisLink;
  final DatabaseSettings postgres;
  final FaultyLink postgresLink;
  final Path workDir;

  HarnessEnvironment(Path workDir) {
    this.workDir = workDir;
    this.postgres = TestDatabases.postgres().requireReachable();
    this.mq =
        EmbeddedRocketMQ.builder()
            .topology(Topology.SYNC_MASTER_SLAVE)
            .flushDiskType(FlushDiskType.SYNC_FLUSH)
            .proxyBehindLink()
            .brokerBehindLink()
            .baseDir(workDir)
            .start();
    this.redis = RedisServer.startLocal();
    this.redisLink = FaultyLink.start(redis.host(), redis.port());
    URI pg = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
    this.postgresLink = FaultyLink.start(pg.getHost(), pg.getPort() > 0 ? pg.getPort() : 5432);
  }

  /** The PostgreSQL URL through the fault link; the socket timeout bounds a blackholed call. */
  String linkedPostgresUrl() {
    URI pg = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
    String query = pg.getQuery() == null ? "" : pg.getQuery() + "&";
    return "jdbc:postgresql://127.0.0.1:"
        + postgresLink.port()
        + pg.getPath()
        + "?"
        + query
        + "socketTimeout=15";
  }

  String linkedRedisUri() {
    return "redis://127.0.0.1:" + redisLink.port();
  }

  /** Ends every fault on every link. */
  void healAll() {
    for (FaultyLink link :
        new FaultyLink[] {mq.proxyLink(), mq.brokerLink(), redisLink, postgresLink}) {
      link.heal();
    }
  }

  @Override
  public void close() {
    postgresLink.close();
    redisLink.close();
    redis.close();
    mq.close();
  }
}
