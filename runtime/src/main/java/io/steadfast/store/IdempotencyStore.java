package io.steadfast.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fenced two-phase dedup records: a key is claimed (PROCESSING, owner token + lease) before a
 * message is handled, then completed (DONE, retention TTL) or released (free again).
 *
 * <p>Every transition after the claim is owner-checked by the claim's token, never by the clock: a
 * claim whose lease expired but that nobody took over is still its owner's to complete, renew or
 * release; a consumer whose lease was taken over cannot complete, release or renew its successor's
 * claim. Only a new claim looks at the lease expiry. Implementations throw {@link
 * StoreUnavailableException} when the backing server cannot be reached, so that callers fail closed
 * (no processing, no ack).
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Claims {@code key} in {@code group} for {@code lease}.
   *
   * @return ACQUIRED with a claim, DUPLICATE if the key is DONE, or IN_PROGRESS if another owner
   *     holds a live lease; an expired lease is taken over (ACQUIRED)
   */
  ClaimResult claim(String group, String key, Duration lease);

  /**
   * Claims every key in one round trip; one result per key, in order. A key listed twice is claimed
   * once: its later copies answer IN_PROGRESS. Invalid input is refused before anything is claimed.
   */
  List<ClaimResult> claimAll(String group, List<String> keys, Duration lease);

  /**
   * Marks the claim DONE for {@code retention}.
   *
   * @return true if the record is now DONE for this claim: it was PROCESSING under the claim's
   *     owner token (even with an expired lease), or already DONE by the same owner (a retried
   *     completion); false, changing nothing, if the record is gone or belongs to another owner
   */
  boolean complete(Claim claim, Duration retention);

  /** Completes every claim in one round trip; one owner-check result per claim, in order. */
  List<Boolean> completeAll(List<Claim> claims, Duration retention);

  /**
   * Completes {@code done} and then claims {@code keys}, in one round trip where the store can: a
   * consumer sends the completions of one batch with the claims of the next. The completions take
   * effect first, so a key in both is never ACQUIRED (it answers DUPLICATE, or IN_PROGRESS where a
   * store must retry a completion after the claims). If the call throws, either part may have taken
   * effect: retry the completions (a retried completion answers true), and leave the keys for
   * redelivery (a claim whose answer was lost frees itself when its lease expires). The default
   * makes the two calls one after the other.
   */
  default CompletedAndClaimed completeAllAndClaimAll(
      List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
    List<Boolean> completed = done.isEmpty() ? List.of() : completeAll(done, retention);
    return new CompletedAndClaimed(completed, claimAll(group, keys, lease));
  }

  /** Frees a PROCESSING key again; false (and no change) if the caller no longer owns it. */
  boolean release(Claim claim);

  /**
   * Sets the lease of a PROCESSING claim to {@code lease} from now (even if it had expired, as long
   * as nobody took it over); false if the caller no longer owns it. Never touches a DONE record.
   */
  boolean renew(Claim claim, Duration lease);

  /**
   * Renews every claim; one result per claim, in order. Stores override this with one round trip;
   * the default renews one by one.
   */
  default List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    List<Boolean> results = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      results.add(renew(claim, lease));
    }
    return results;
  }

  /** Releases the store's connections; the default does nothing. */
  @Override
  default void close() {}
}
