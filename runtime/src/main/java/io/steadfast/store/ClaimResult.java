package io.steadfast.store;

import java.util.Objects;

/**
 * Result of a claim: a status, and the claim itself when it was ACQUIRED.
 *
 * @param status what the store answered
 * @param claim the held claim when {@code status == ACQUIRED}, else {@code null}
 */
public record ClaimResult(ClaimStatus status, Claim claim) {
  public ClaimResult {
    Objects.requireNonNull(status, "status");
    if ((status == ClaimStatus.ACQUIRED) != (claim != null)) {
      throw new IllegalArgumentException("a claim is present exactly when the status is ACQUIRED");
    }
  }

  public static ClaimResult acquired(Claim claim) {
    return new ClaimResult(ClaimStatus.ACQUIRED, claim);
  }

  public static ClaimResult duplicate() {
    return new ClaimResult(ClaimStatus.DUPLICATE, null);
  }

  public static ClaimResult inProgress() {
    return new ClaimResult(ClaimStatus.IN_PROGRESS, null);
  }

  public boolean acquired() {
    return status == ClaimStatus.ACQUIRED;
  }
}
