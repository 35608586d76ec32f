package io.steadfast.samples.demo;

import io.steadfast.samples.billing.BillingFaults;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's handler faults: throw after the payment write on the first attempt of every {@code
 * failEvery}-th order, and, once armed (in a worker JVM that is about to be killed), block in the
 * next handler call after announcing its order on stdout.
 */
final class DemoFaults implements BillingFaults {
  /** What a worker prints when it is blocked inside a handler, followed by the order id. */
  static final String HANDLING = "HANDLING ";

  private final int failEvery;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  DemoFaults(int failEvery) {
    this.failEvery = failEvery;
  }

  /** The next handler call blocks (in a worker JVM that is then killed). */
  void arm() {
    armed.set(true);
  }

  @Override
  public void beforePayment(String orderId, int deliveryAttempt) throws InterruptedException {
    if (armed.compareAndSet(true, false)) {
      System.out.println(HANDLING + orderId);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE); // until the demo kills this JVM
    }
  }

  @Override
  public void afterPayment(String orderId, int deliveryAttempt) {
    if (failEvery > 0 && deliveryAttempt == 1 && sequence(orderId) % failEvery == 1) {
      failed.add(orderId);
      throw new IllegalStateException("injected failure after the payment of " + orderId);
    }
  }

  /** Orders whose handler threw. */
  Set<String> failedOrders() {
    return Set.copyOf(failed);
  }

  /** {@code o-<run>-<n>} gives n. */
  static int sequence(String orderId) {
    return Integer.parseInt(orderId.substring(orderId.lastIndexOf('-') + 1));
  }
}
