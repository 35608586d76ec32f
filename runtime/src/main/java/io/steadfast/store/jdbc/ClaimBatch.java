package io.steadfast.store.jdbc;

import io.steadfast.internal.Digests;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
  private final String group;
  private final List<String> keys;
  private final String owner = UUID.randomUUID().toString();
  private final Map<String, String> hashes = new HashMap<>();
  private final Map<String, Object> params = new HashMap<>();
  private final int rowCount;

  /** The insert's parameters for {@code keys} (at most one chunk). */
  private ClaimBatch(SqlDialect dialect, String group, List<String> keys, Duration lease) {
    this.group = group;
    this.keys = keys;
    // Sorted by hash: concurrent multi-row claims lock rows in the same order (no deadlocks).
    Map<String, DedupRow> rows = new TreeMap<>();
    for (String key : keys) {
      String hash = hashes.computeIfAbsent(key, Digests::sha256Hex);
      rows.putIfAbsent(hash, DedupRow.toInsert(hash, key));
    }
    this.rowCount = rows.size();
    params.put("group", group);
    params.put("owner", owner);
    params.put("ttl", lease.toMillis());
    dialect.bindNewRows(params, rows.values());
  }

  static List<ClaimResult> run(
      SqlSession session, SqlDialect dialect, String group, List<String> keys, Duration lease) {
    return DedupSessions.inChunks(
        keys,
        chunk -> {
          ClaimBatch batch = new ClaimBatch(dialect, group, chunk, lease);
          List<String> inserted =
              session.selectList(DedupSessions.NS + "insertAbsent", batch.params);
          return batch.answers(session, inserted);
        });
  }

  /**
   * A claim of at most one chunk of keys whose insert the caller runs (with more work in the same
   * statement): bind {@link #params()}, then pass what it inserted to {@link #answers}.
   */
  static ClaimBatch prepare(SqlDialect dialect, String group, List<String> keys, Duration lease) {
    return new ClaimBatch(dialect, group, keys, lease);
  }

  /** The insert's parameters; the caller may add its own (other names). */
  Map<String, Object> params() {
    return params;
  }

  /**
   * One result per key, given the key hashes the insert reported: keys that existed are taken over
   * if expired and then read back.
   */
  List<ClaimResult> answers(SqlSession session, Collection<String> insertedHashes) {
    Set<String> inserted = new HashSet<>(insertedHashes);
    Map<String, DedupRow> existing = new HashMap<>();
    if (inserted.size() < rowCount) {
      List<String> others = new ArrayList<>(new HashSet<>(hashes.values()));
      others.removeAll(inserted);
      others.sort(null);
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
