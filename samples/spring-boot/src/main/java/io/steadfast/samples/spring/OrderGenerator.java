package io.steadfast.samples.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Places an order every {@code sample.interval} (default 200 ms), {@code sample.orders} in all,
 * each sent twice as a producer does after an unclear outcome: billing charges it once.
 */
@Component
public class OrderGenerator {
  private static final Logger log = LoggerFactory.getLogger(OrderGenerator.class);

  private final OrderEvents events;
  private final int orders;
  private final AtomicInteger placed = new AtomicInteger();

  public OrderGenerator(OrderEvents events, @Value("${sample.orders:20}") int orders) {
    this.events = events;
    this.orders = orders;
  }

  @Scheduled(fixedRateString = "${sample.interval:200ms}")
  public void placeNext() {
    int n = placed.incrementAndGet();
    if (n > orders) {
      return;
    }
    String id = "order-" + n;
    OrderPlaced order = new OrderPlaced(id, 100L * n);
    events.placed(id, order); // returns once the broker acked
    events.placed(id, order); // sent again: still charged once
    log.info("placed {} (sent twice)", id);
  }
}
