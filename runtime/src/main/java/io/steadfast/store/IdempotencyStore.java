package io.steadfast.store;

import java.time.Duration;
import java.util.List;

/**
 * Fenced two-phase dedup records: a key is claimed (PROCESSING, owner token + lease) before a
 * message is handled, then completed (DONE, retention TTL) or released (free again).
 *
 * <p>Every transition after the claim is owner-checked: a consumer whose lease expired and was
 * taken over cannot complete, release or renew its successor's claim. Implementations throw
 * {@link StoreUnavailableException} when the backing server cannot be reached, so that callers
 * fail closed (no processing, no ack).
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
   * Claims every key in one round trip; one result per key, in order. A key listed twice is
   * claimed once: its later copies answer IN_PROGRESS. Invalid input is refused before anything is
   * claimed.
   */
  List<ClaimResult> claimAll(String group, List<String> keys, Duration lease);

  /** Marks the claim DONE for {@code retention}; false if the caller no longer owns it. */
  boolean complete(Claim claim, Duration retention);

  /** Completes every claim in one round trip; one owner-check result per claim, in order. */
  List<Boolean> completeAll(List<Claim> claims, Duration retention);

  /** Frees the key again; false (and no change) if the caller no longer owns it. */
  boolean release(Claim claim);

  /** Extends the lease of a PROCESSING claim; false if the caller no longer owns it. */
  boolean renew(Claim claim, Duration lease);

  /** Releases the store's connections; the default does nothing. */
  @Override
  default void close() {}
}
