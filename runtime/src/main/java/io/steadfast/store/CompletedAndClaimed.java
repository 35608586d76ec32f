package io.steadfast.store;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link IdempotencyStore#completeAllAndClaimAll}: the completions' owner checks and
 * the claims' results, each in the order asked.
 *
 * @param completed per completed claim, as {@link IdempotencyStore#completeAll} answers
 * @param claimed per claimed key, as {@link IdempotencyStore#claimAll} answers
 */
public record CompletedAndClaimed(List<Boolean> completed, List<ClaimResult> claimed) {
  public CompletedAndClaimed {
    completed = List.copyOf(Objects.requireNonNull(completed, "completed"));
    claimed = List.copyOf(Objects.requireNonNull(claimed, "claimed"));
  }
}
