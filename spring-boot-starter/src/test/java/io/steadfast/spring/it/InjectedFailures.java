package io.steadfast.spring.it;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the test handlers do after their database write: throw once for chosen orders, and take
 * {@code billing.handler-delay} (default none) so that a test can close a context mid-flow.
 */
@Component
public class InjectedFailures {
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Duration delay;

  public InjectedFailures(@Value("${billing.handler-delay:0ms}") Duration delay) {
    this.delay = delay;
  }

  /** The next handling of {@code orderId} fails after writing. */
  public void failOnceAfterWrite(String orderId) {
    pending.add(orderId);
  }

  /** Waits the handler delay, then throws if {@code orderId} is to fail now. */
  public void afterWrite(String orderId) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pending.remove(orderId)) {
      throw new IllegalStateException("injected failure after the write of order " + orderId);
    }
  }
}
