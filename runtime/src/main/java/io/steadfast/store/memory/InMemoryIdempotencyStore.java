package io.steadfast.store.memory;

import io.steadfast.internal.Checks;
import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process-local store with the same semantics as the durable ones, for tests and demos. It
 * forgets everything on restart, so it cannot deduplicate across processes.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  private record Entry(boolean done, String owner, long expiresAtMillis) {}

  private record GroupKey(String group, String key) {}

  private final Map<GroupKey, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryIdempotencyStore() {
    this(Clock.systemUTC());
  }

  /** Uses {@code clock} for leases and retention, so tests can move time. */
  public InMemoryIdempotencyStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ClaimResult claim(String group, String key, Duration lease) {
    Checks.consumerGroup(group);
    Checks.dedupKey(key);
    Checks.positive(lease, "lease");
    long now = clock.millis();
    String owner = UUID.randomUUID().toString();
    ClaimResult[] result = new ClaimResult[1];
    entries.compute(
        new GroupKey(group, key),
        (k, existing) -> {
          if (existing != null && existing.expiresAtMillis() > now) {
            result[0] = existing.done() ? ClaimResult.duplicate() : ClaimResult.inProgress();
            return existing;
          }
          result[0] = ClaimResult.acquired(new Claim(group, key, owner));
          return new Entry(false, owner, now + lease.toMillis());
        });
    return result[0];
  }

  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    keys.forEach(Checks::dedupKey); // refuse the whole batch before claiming any of it
    List<ClaimResult> results = new ArrayList<>(keys.size());
    for (String key : keys) {
      results.add(claim(group, key, lease));
    }
    return results;
  }

  @Override
  public boolean complete(Claim claim, Duration retention) {
    Checks.positive(retention, "retention");
    return replaceIfOwned(
        claim, true, new Entry(true, claim.owner(), clock.millis() + retention.toMillis()));
  }

  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    List<Boolean> results = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      results.add(complete(claim, retention));
    }
    return results;
  }

  @Override
  public boolean release(Claim claim) {
    return replaceIfOwned(claim, false, null);
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    Checks.positive(lease, "lease");
    return replaceIfOwned(
        claim, false, new Entry(false, claim.owner(), clock.millis() + lease.toMillis()));
  }

  /**
   * Swaps the entry (null removes it) while {@code claim}'s owner holds it: PROCESSING, expired or
   * not (nobody took it over), or also DONE when {@code orDone} (a retried completion).
   */
  private boolean replaceIfOwned(Claim claim, boolean orDone, Entry replacement) {
    boolean[] owned = new boolean[1];
    entries.computeIfPresent(
        new GroupKey(claim.group(), claim.key()),
        (k, existing) -> {
          owned[0] = existing.owner().equals(claim.owner()) && (orDone || !existing.done());
          return owned[0] ? replacement : existing;
        });
    return owned[0];
  }
}
