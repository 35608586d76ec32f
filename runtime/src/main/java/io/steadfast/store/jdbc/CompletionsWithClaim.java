package io.steadfast.store.jdbc;

import io.steadfast.store.Claim;
import io.steadfast.store.CompletedAndClaimed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/**
 * One batch's completions with the next batch's claim. PostgreSQL: one statement, the completions'
 * {@code UPDATE} and the claim's {@code INSERT} in one {@code WITH}, so one round trip and one
 * commit; keys that existed are then taken over or read back as a plain claim does. H2 and MariaDB
 * (and PostgreSQL beyond one chunk): the completions' update and the claim in one transaction, so
 * one commit.
 */
final class CompletionsWithClaim {
  private CompletionsWithClaim() {}

  static CompletedAndClaimed run(
      DedupSessions sessions,
      SqlDialect dialect,
      List<Claim> done,
      Duration retention,
      String group,
      List<String> keys,
      Duration lease) {
    if (dialect == SqlDialect.POSTGRESQL
        && done.size() <= DedupSessions.CHUNK
        && keys.size() <= DedupSessions.CHUNK) {
      return sessions.autocommit(
          "complete and claim",
          session -> inOneStatement(session, dialect, done, retention, group, keys, lease));
    }
    return sessions.transaction(
        "complete and claim",
        session ->
            new CompletedAndClaimed(
                dialect.ownedUpdates().runIn(session, "complete", done, retention),
                ClaimBatch.run(session, dialect, group, keys, lease)));
  }

  private static CompletedAndClaimed inOneStatement(
      SqlSession session,
      SqlDialect dialect,
      List<Claim> done,
      Duration retention,
      String group,
      List<String> keys,
      Duration lease) {
    ClaimBatch claim = ClaimBatch.prepare(dialect, group, keys, lease);
    Map<String, Object> params = claim.params();
    List<String> doneRows = OwnedUpdates.bindClaims(params, done);
    params.put("retention", retention.toMillis());
    List<String> completed = new ArrayList<>();
    List<String> inserted = new ArrayList<>();
    for (String row :
        session.<String>selectList(DedupSessions.NS + "completeAllThenInsertAbsent", params)) {
      (row.startsWith("c:") ? completed : inserted).add(row.substring(2));
    }
    return new CompletedAndClaimed(
        OwnedUpdates.answers(doneRows, completed), claim.answers(session, inserted));
  }
}
