package io.steadfast.consume;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory store with round trips counted and an outage switch for fault injection. */
final class CountingStore implements IdempotencyStore {
  final IdempotencyStore delegate = new InMemoryIdempotencyStore();
  final AtomicInteger roundTrips = new AtomicInteger();
  final AtomicInteger renewals = new AtomicInteger();
  volatile boolean down;

  private void call() {
    roundTrips.incrementAndGet();
    if (down) {
      throw new StoreUnavailableException("store is down (test)", null);
    }
  }

  @Override
  public ClaimResult claim(String group, String key, Duration lease) {
    call();
    return delegate.claim(group, key, lease);
  }

  @Override
  public List<ClaimResult> claimAll(String group, List<String> keys, Duration lease) {
    call();
    return delegate.claimAll(group, keys, lease);
  }

  @Override
  public boolean complete(Claim claim, Duration retention) {
    call();
    return delegate.complete(claim, retention);
  }

  @Override
  public List<Boolean> completeAll(List<Claim> claims, Duration retention) {
    call();
    return delegate.completeAll(claims, retention);
  }

  @Override
  public boolean release(Claim claim) {
    call();
    return delegate.release(claim);
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    renewals.incrementAndGet();
    call();
    return delegate.renew(claim, lease);
  }
}
