package io.steadfast.store.jdbc;

import io.steadfast.internal.Digests;
import io.steadfast.store.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.session.SqlSession;

/**
 * How a dialect runs an owner-checked update ("complete" or "renew") for many claims at once, with
 * one answer per claim, in order.
 */
enum OwnedUpdates {
  /**
   * One {@code UPDATE ... FROM unnest(...) RETURNING} per chunk of claims (statement {@code
   * <name>All}); it reports which rows it updated.
   */
  MULTI_ROW {
    @Override
    List<Boolean> run(DedupSessions sessions, String statement, List<Claim> claims, Duration ttl) {
      return DedupSessions.inChunks(
          claims,
          chunk ->
              sessions.autocommit(
                  statement, session -> updateChunk(session, statement + "All", chunk, ttl)));
    }

    @Override
    List<Boolean> runIn(SqlSession session, String statement, List<Claim> claims, Duration ttl) {
      return DedupSessions.inChunks(
          claims, chunk -> updateChunk(session, statement + "All", chunk, ttl));
    }
  },

  /**
   * One statement per group and owner token (statement {@code <name>Owned}, a key-hash {@code IN}
   * list): a batch's claims share both, so one statement in the steady state. Its matched-row count
   * answers when every claim held its row; otherwise a read ({@code ownedIn}) says which did. For
   * MariaDB, which has no {@code UPDATE ... RETURNING}.
   */
  OWNER_IN_LIST {
    @Override
    List<Boolean> run(DedupSessions sessions, String statement, List<Claim> claims, Duration ttl) {
      return sessions.transaction(statement, session -> runIn(session, statement, claims, ttl));
    }

    @Override
    List<Boolean> runIn(SqlSession session, String statement, List<Claim> claims, Duration ttl) {
      Map<List<String>, List<Integer>> byOwner = new LinkedHashMap<>();
      for (int i = 0; i < claims.size(); i++) {
        Claim claim = claims.get(i);
        byOwner
            .computeIfAbsent(List.of(claim.group(), claim.owner()), k -> new ArrayList<>())
            .add(i);
      }
      Boolean[] results = new Boolean[claims.size()];
      byOwner.forEach(
          (groupAndOwner, indexes) ->
              DedupSessions.inChunks(
                  indexes,
                  chunk -> {
                    List<Boolean> answers =
                        updateOwned(session, statement, groupAndOwner, hashes(claims, chunk), ttl);
                    for (int j = 0; j < chunk.size(); j++) {
                      results[chunk.get(j)] = answers.get(j);
                    }
                    return answers;
                  }));
      return List.of(results);
    }
  },

  /**
   * One JDBC batch of single-row updates, one update count per claim: for H2, whose multi-row form
   * cannot use the primary key for a row-value {@code IN} list; it runs in-process, so its batch
   * costs no round trips.
   */
  JDBC_BATCH {
    @Override
    List<Boolean> run(DedupSessions sessions, String statement, List<Claim> claims, Duration ttl) {
      return sessions.batch(statement, claims, claim -> params(claim, ttl));
    }

    @Override
    List<Boolean> runIn(SqlSession session, String statement, List<Claim> claims, Duration ttl) {
      return DedupSessions.batchIn(session, statement, claims, claim -> params(claim, ttl));
    }
  };

  /**
   * Runs {@code statement} ("complete" or "renew") for every claim and commits; true where the
   * claim's owner held the record.
   */
  abstract List<Boolean> run(
      DedupSessions sessions, String statement, List<Claim> claims, Duration ttl);

  /**
   * {@link #run} inside the transaction of {@code session}, a batching session ({@link
   * DedupSessions#transaction}); the caller commits.
   */
  abstract List<Boolean> runIn(
      SqlSession session, String statement, List<Claim> claims, Duration ttl);

  /** Parameters of an owner-checked single-row statement; {@code ttl} from the database's now. */
  static Map<String, Object> params(Claim claim, Duration ttl) {
    Map<String, Object> params = new HashMap<>();
    params.put("group", claim.group());
    params.put("keyHash", Digests.sha256Hex(claim.key()));
    params.put("owner", claim.owner());
    params.put("ttl", ttl.toMillis());
    return params;
  }

  private static List<Boolean> updateChunk(
      SqlSession session, String statement, List<Claim> claims, Duration ttl) {
    Map<String, Object> params = new HashMap<>();
    List<String> rows = bindClaims(params, claims);
    params.put("ttl", ttl.toMillis());
    return answers(rows, session.selectList(DedupSessions.NS + statement, params));
  }

  private static List<String> hashes(List<Claim> claims, List<Integer> indexes) {
    List<String> hashes = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      hashes.add(Digests.sha256Hex(claims.get(i).key()));
    }
    return hashes;
  }

  /**
   * One {@code <statement>Owned} for claims of one group and owner on a batching session; when it
   * matched fewer rows than claims, reads which rows the owner holds in the state the statement
   * leaves (DONE after a completion, PROCESSING after a renewal).
   */
  private static List<Boolean> updateOwned(
      SqlSession session,
      String statement,
      List<String> groupAndOwner,
      List<String> hashes,
      Duration ttl) {
    Map<String, Object> params = new HashMap<>();
    params.put("group", groupAndOwner.get(0));
    params.put("owner", groupAndOwner.get(1));
    params.put("hashes", hashes);
    params.put("ttl", ttl.toMillis());
    session.flushStatements(); // what the session queued before: not part of the count
    session.update(DedupSessions.NS + statement + "Owned", params);
    int matched = 0;
    for (BatchResult batch : session.flushStatements()) {
      for (int count : batch.getUpdateCounts()) {
        matched += count;
      }
    }
    List<Boolean> answers = new ArrayList<>(hashes.size());
    if (matched == hashes.size() && new HashSet<>(hashes).size() == hashes.size()) {
      hashes.forEach(h -> answers.add(true));
      return answers;
    }
    params.put("state", statement.equals("complete") ? "DONE" : "PROCESSING");
    Set<String> held =
        new HashSet<>(session.<String>selectList(DedupSessions.NS + "ownedIn", params));
    for (String hash : hashes) {
      answers.add(held.remove(hash)); // a claim listed twice counts once
    }
    return answers;
  }

  /**
   * Binds {@code claims} as the arrays of a multi-row statement ({@code claimGroups}, {@code
   * claimHashes}, {@code claimOwners}); the {@code group_name:key_hash} that each claim's row
   * reports, in order.
   */
  static List<String> bindClaims(Map<String, Object> params, List<Claim> claims) {
    String[] groups = new String[claims.size()];
    String[] hashes = new String[claims.size()];
    String[] owners = new String[claims.size()];
    List<String> rows = new ArrayList<>(claims.size());
    for (int i = 0; i < claims.size(); i++) {
      groups[i] = claims.get(i).group();
      hashes[i] = Digests.sha256Hex(claims.get(i).key());
      owners[i] = claims.get(i).owner();
      rows.add(groups[i] + ":" + hashes[i]);
    }
    params.put("claimGroups", groups);
    params.put("claimHashes", hashes);
    params.put("claimOwners", owners);
    return rows;
  }

  /** One answer per row of {@link #bindClaims}: whether the statement reported it. */
  static List<Boolean> answers(List<String> rows, Collection<String> reported) {
    Set<String> updated = new HashSet<>(reported);
    List<Boolean> results = new ArrayList<>(rows.size());
    for (String row : rows) {
      // remove(): a claim listed twice counts once, like two single updates would.
      results.add(updated.remove(row));
    }
    return results;
  }
}
