package io.steadfast.spring;

import io.steadfast.store.ClaimResult;
import io.steadfast.store.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of Steadfast in this application: whether the dedup store answers (one claim and release
 * of a probe key of this instance, timed), and per consumer group whether it runs and how long ago
 * the broker last answered it.
 *
 * <p>DOWN when the store is unreachable and a consumer fails closed (it leaves every message for
 * redelivery until the store is back), or when a started consumer no longer runs. A store outage
 * while every consumer fails open (or there is none) stays UP, with the store's error in the
 * details.
 */
public class SteadfastHealthIndicator extends AbstractHealthIndicator {
  /** Consumer group under which the probe key is claimed; no consumer uses it. */
  static final String PROBE_GROUP = "steadfast-health";

  private static final Duration PROBE_LEASE = Duration.ofSeconds(10);

  private final ObjectProvider<IdempotencyStore> store;
  private final ObjectProvider<SteadfastConsumers> consumers;
  private final String probeKey = "probe-" + UUID.randomUUID();

  SteadfastHealthIndicator(
      ObjectProvider<IdempotencyStore> store, ObjectProvider<SteadfastConsumers> consumers) {
    super("Steadfast health check failed");
    this.store = store;
    this.consumers = consumers;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    boolean storeUp = true;
    IdempotencyStore dedup = store.getIfAvailable();
    if (dedup != null) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("type", dedup.getClass().getSimpleName());
      long start = System.nanoTime();
      try {
        ClaimResult claim = dedup.claim(PROBE_GROUP, probeKey, PROBE_LEASE);
        if (claim.acquired()) {
          dedup.release(claim.claim());
        }
        details.put("reachable", true);
        details.put("latencyMs", (System.nanoTime() - start) / 1_000_000);
      } catch (RuntimeException e) {
        storeUp = false;
        details.put("reachable", false);
        details.put("error", e.toString());
      }
      health.withDetail("store", details);
    }
    boolean down = false;
    SteadfastConsumers running = consumers.getIfAvailable();
    if (running != null) {
      Map<String, Object> groups = new LinkedHashMap<>();
      for (SteadfastConsumers.Started s : running.started()) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", s.consumer().isRunning());
        details.put("failOpen", s.failOpen());
        details.put("transactional", s.transactional());
        s.consumer()
            .lastReceive()
            .ifPresent(
                at -> {
                  details.put("lastReceive", at.toString());
                  details.put("sinceLastReceive", Duration.between(at, Instant.now()).toString());
                });
        groups.put(s.consumer().group(), details);
        down |= !s.consumer().isRunning() || (!storeUp && !s.failOpen());
      }
      health.withDetail("consumers", groups);
    }
    if (down) {
      health.down();
    } else {
      health.up();
    }
  }
}
