package io.steadfast.spring.it.redis;

import io.steadfast.spring.it.Billing;
import io.steadfast.spring.it.OrderCreated;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.stereotype.Component;

/** A billing service without a database: dedup records in Redis, effects counted in memory. */
@SpringBootApplication(
    exclude = {DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class})
public class RedisBillingApp {
  /** Counts each order's effects; fails orders whose id says so before applying them. */
  @Component
  public static class CountingBilling implements Billing {
    public final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();

    @Override
    public void onCreated(OrderCreated order) {
      if (order.orderId().endsWith("-fail")
          && failedOnce.putIfAbsent(order.orderId(), true) == null) {
        throw new IllegalStateException("injected failure before the effect of " + order.orderId());
      }
      effects.computeIfAbsent(order.orderId(), k -> new AtomicInteger()).incrementAndGet();
    }
  }
}
