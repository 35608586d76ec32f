package io.steadfast.store.redis;

import io.steadfast.internal.Checks;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The keys of one claim call, checked, under one new owner token. A key listed twice is sent once:
 * its later copies answer IN_PROGRESS.
 */
final class ClaimKeys {
  private final String group;
  private final List<String> keys;
  private final String owner = RedisRecords.newOwner();
  private final Map<String, Integer> firstIndex = new HashMap<>();
  private final List<String> recordKeys;

  /**
   * @param recordKey the Redis key of a (group, key) record
   */
  ClaimKeys(
      String group,
      List<String> keys,
      Duration lease,
      BiFunction<String, String, String> recordKey) {
    Checks.consumerGroup(group);
    Objects.requireNonNull(keys, "keys");
    keys.forEach(Checks::dedupKey);
    Checks.positive(lease, "lease");
    this.group = group;
    this.keys = keys;
    this.recordKeys = new ArrayList<>(keys.size());
    for (String key : keys) {
      if (firstIndex.putIfAbsent(key, recordKeys.size()) == null) {
        recordKeys.add(recordKey.apply(group, key));
      }
    }
  }

  /** The records to claim: one per distinct key. */
  List<String> recordKeys() {
    return recordKeys;
  }

  String owner() {
    return owner;
  }

  /** One result per key, from the values the records held before the claim (per record key). */
  List<ClaimResult> answers(List<String> previous) {
    Map<String, Integer> unanswered = new HashMap<>(firstIndex);
    List<ClaimResult> results = new ArrayList<>(keys.size());
    for (String key : keys) {
      Integer index = unanswered.remove(key); // null: a later copy of a key
      results.add(
          index == null
              ? ClaimResult.inProgress()
              : answer(previous.get(index), group, key, owner));
    }
    return results;
  }

  /** The claim's answer from the value the record held before the {@code SET NX GET}. */
  static ClaimResult answer(String previous, String group, String key, String owner) {
    if (previous == null) {
      return ClaimResult.acquired(new Claim(group, key, owner));
    }
    return RedisRecords.isDone(previous) ? ClaimResult.duplicate() : ClaimResult.inProgress();
  }
}
