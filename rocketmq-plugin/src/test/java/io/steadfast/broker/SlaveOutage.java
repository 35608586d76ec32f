package io.steadfast.broker;

import static org.awaitility.Awaitility.await;

import io.steadfast.testkit.EmbeddedRocketMQ;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * A stopped slave of a SYNC_MASTER + SLAVE cluster with the plugin. It begins once the master
 * refuses producer writes (it noticed the slave is gone), can be held while producer writes keep
 * being refused, and ends by starting the slave again and waiting until it is in sync. Probes go to
 * {@link #PROBE_TOPIC}, which the cluster must have (one queue).
 */
final class SlaveOutage implements AutoCloseable {
  static final String PROBE_TOPIC = "outage-probe";
  static final String REJECTION = "in-sync replicas not enough";

  private final EmbeddedRocketMQ mq;
  private final Producer probe;
  private final AtomicInteger probes = new AtomicInteger();
  private Instant noticedAt;

  private SlaveOutage(EmbeddedRocketMQ mq, Producer probe) {
    this.mq = mq;
    this.probe = probe;
  }

  /** Stops the slave and returns once the master refuses a producer write. */
  static SlaveOutage begin(EmbeddedRocketMQ mq) throws ClientException {
    SlaveOutage outage = new SlaveOutage(mq, Brokers.producer(mq, PROBE_TOPIC, 1));
    mq.stopSlave();
    // The master notices the closed replication connection; until then a write still waits.
    await().atMost(Duration.ofSeconds(60)).until(outage::probeIsRejected);
    outage.noticedAt = Instant.now();
    return outage;
  }

  /** When the master was first seen refusing a producer write. */
  Instant noticedAt() {
    return noticedAt;
  }

  /** Keeps the slave stopped for {@code duration}, checking that producer writes stay refused. */
  void holdFor(Duration duration) {
    await()
        .during(duration)
        .atMost(duration.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(this::probeIsRejected);
  }

  /** Keeps the slave stopped until {@code end} (at once if it has passed). */
  void holdUntil(Instant end) {
    Duration left = Duration.between(Instant.now(), end);
    if (!left.isNegative()) {
      holdFor(left);
    }
  }

  /** Starts the slave again and waits until it is in sync. */
  @Override
  public void close() throws IOException {
    try {
      mq.startSlave();
    } finally {
      probe.close();
    }
  }

  private boolean probeIsRejected() {
    return isRejected(probe, PROBE_TOPIC, "probe-" + probes.incrementAndGet());
  }

  /** Sends a message; true when the broker refused it with the plugin's rejection. */
  private static boolean isRejected(Producer producer, String topic, String body) {
    try {
      producer.send(Brokers.message(topic, body));
      return false;
    } catch (ClientException e) {
      return String.valueOf(e.getMessage()).contains(REJECTION);
    }
  }
}
