package io.steadfast.store.jdbc;

import io.steadfast.internal.Digests;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;

/**
 * A claim of N keys in one group on one session: one insert that skips existing keys and reports
 * the inserted ones, then, for the keys that existed, a takeover of expired records and a read of
 * their state. All keys of one call share one owner token.
 */
final class ClaimBatch {
  private ClaimBatch() {}

  static List<ClaimResult> run(
      SqlSession session, SqlDialect dialect, String group, List<String> keys, Duration lease) {
    return DedupSessions.inChunks(keys, chunk -> claimChunk(session, dialect, group, chunk, lease));
  }

  private static List<ClaimResult> claimChunk(
      SqlSession session, SqlDialect dialect, String group, List<String> keys, Duration lease) {
    String owner = UUID.randomUUID().toString();
    // Sorted by hash: concurrent multi-row claims lock rows in the same order (no deadlocks).
    Map<String, String> hashes = new HashMap<>();
    Map<String, DedupRow> rows = new TreeMap<>();
    for (String key : keys) {
      String hash = hashes.computeIfAbsent(key, Digests::sha256Hex);
      rows.putIfAbsent(hash, DedupRow.toInsert(hash, key));
    }
    Map<String, Object> params = new HashMap<>();
    params.put("group", group);
    params.put("owner", owner);
    params.put("ttl", lease.toMillis());
    dialect.bindNewRows(params, rows.values());
    Set<String> inserted =
        new HashSet<>(session.<String>selectList(DedupSessions.NS + "insertAbsent", params));

    Map<String, DedupRow> existing = new HashMap<>();
    if (inserted.size() < rows.size()) {
      List<String> others = new ArrayList<>(rows.keySet());
      others.removeAll(inserted);
      params.put("hashes", others);
      session.update(DedupSessions.NS + "takeOver", params);
      for (DedupRow row : session.<DedupRow>selectList(DedupSessions.NS + "states", params)) {
        existing.put(row.getKeyHash(), row);
      }
    }

    Set<String> answered = new HashSet<>();
    List<ClaimResult> results = new ArrayList<>(keys.size());
    for (String key : keys) {
      if (!answered.add(key)) {
        results.add(ClaimResult.inProgress()); // same key twice in one batch: first copy holds it
        continue;
      }
      String hash = hashes.get(key);
      DedupRow row = existing.get(hash);
      if (inserted.contains(hash) || (row != null && row.isProcessingBy(owner))) {
        results.add(ClaimResult.acquired(new Claim(group, key, owner)));
      } else if (row != null && row.isDone()) {
        results.add(ClaimResult.duplicate());
      } else {
        results.add(ClaimResult.inProgress()); // live lease elsewhere, or released meanwhile: retry
      }
    }
    return results;
  }
}
