package io.steadfast.internal.consume;

import io.steadfast.store.Claim;
import io.steadfast.store.ClaimResult;
import io.steadfast.store.CompletedAndClaimed;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.StoreUnavailableException;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory store with round trips counted and an outage switch for fault injection. */
final class CountingStore implements IdempotencyStore {
  final IdempotencyStore delegate;

  CountingStore() {
    this(new InMemoryIdempotencyStore());
  }

  CountingStore(IdempotencyStore delegate) {
    this.delegate = delegate;
  }

  final AtomicInteger roundTrips = new AtomicInteger();
  final AtomicInteger renewals = new AtomicInteger();

  /** Claims per renewal call, in call order. */
  final List<Integer> renewalBatches = new CopyOnWriteArrayList<>();

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
  public CompletedAndClaimed completeAllAndClaimAll(
      List<Claim> done, Duration retention, String group, List<String> keys, Duration lease) {
    call();
    return delegate.completeAllAndClaimAll(done, retention, group, keys, lease);
  }

  @Override
  public boolean release(Claim claim) {
    call();
    return delegate.release(claim);
  }

  @Override
  public boolean renew(Claim claim, Duration lease) {
    return renewAll(List.of(claim), lease).get(0);
  }

  @Override
  public List<Boolean> renewAll(List<Claim> claims, Duration lease) {
    renewals.addAndGet(claims.size());
    renewalBatches.add(claims.size());
    call();
    return delegate.renewAll(claims, lease);
  }
}
