package io.steadfast.store.jdbc;

import io.steadfast.internal.Digests;
import io.steadfast.store.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  },

  /**
   * One JDBC batch of single-row updates, one update count per claim: for databases without {@code
   * UPDATE ... RETURNING} (MariaDB), or whose multi-row form cannot use the primary key for a
   * row-value {@code IN} list (H2, which runs in-process, so its batch costs no round trips).
   */
  JDBC_BATCH {
    @Override
    List<Boolean> run(DedupSessions sessions, String statement, List<Claim> claims, Duration ttl) {
      return sessions.batch(statement, claims, claim -> params(claim, ttl));
    }
  };

  /** Runs {@code statement} for every claim; true where the claim's owner held the record. */
  abstract List<Boolean> run(
      DedupSessions sessions, String statement, List<Claim> claims, Duration ttl);

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
