package io.steadfast.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Completes dedup records (see complete.lua) with one script call per hash slot (a cluster refuses
 * scripts whose keys span slots; a standalone server has one slot here), each of at most 512 keys
 * so it never blocks the server for long, all in one pipeline; then, if configured, {@code WAIT} on
 * every connection written.
 */
final class SlotBatchedCompletion {
  private static final Logger LOG = LoggerFactory.getLogger(SlotBatchedCompletion.class);
  private static final int MAX_KEYS_PER_SCRIPT = 512;

  /**
   * Redis answers WAIT up to about 1/hz after its timeout (~100 ms at the default hz 10, measured).
   */
  private static final Duration WAIT_REPLY_MARGIN = Duration.ofMillis(200);

  private static final LuaScript COMPLETE = LuaScript.load("complete.lua");

  private final UnifiedJedis jedis;
  private final int waitReplicas;
  private final Duration waitTimeout;

  /** {@code waitReplicas} 0: no {@code WAIT}. */
  SlotBatchedCompletion(UnifiedJedis jedis, int waitReplicas, Duration waitTimeout) {
    this.jedis = jedis;
    this.waitReplicas = waitReplicas;
    this.waitTimeout = waitTimeout;
  }

  /**
   * Refuses a {@code WAIT} timeout that leaves less than 200 ms before the socket timeout: a WAIT
   * reply after the socket timeout would fail every completion whose replicas lag, after DONE was
   * written.
   *
   * @throws IllegalStateException naming both timeouts and the fix
   */
  static void checkWaitFits(int waitReplicas, Duration waitTimeout, Duration socketTimeout) {
    if (waitReplicas > 0 && waitTimeout.plus(WAIT_REPLY_MARGIN).compareTo(socketTimeout) > 0) {
      throw new IllegalStateException(
          "waitForReplicas timeout ("
              + waitTimeout.toMillis()
              + " ms) must be at least "
              + WAIT_REPLY_MARGIN.toMillis()
              + " ms below timeout ("
              + socketTimeout.toMillis()
              + " ms): Redis answers WAIT up to 1/hz after its timeout, and a"
              + " reply after the socket timeout fails the completion although DONE was written."
              + " Fix: lower the waitForReplicas timeout or raise timeout(...)");
    }
  }

  /**
   * Completes {@code keys[i]} for {@code owners[i]}; true where the record is DONE by its owner
   * afterwards (also when it already was: a retried completion).
   */
  List<Boolean> complete(List<String> keys, List<String> owners, Duration retention) {
    Queued queued;
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      queued = queue(pipeline, keys, owners, retention);
      pipeline.sync();
    }
    return queued.results();
  }

  /**
   * Queues the completions (and their {@code WAIT}s) on {@code pipeline}; after its sync, {@link
   * Queued#results()} answers as {@link #complete} does.
   */
  Queued queue(
      AbstractPipeline pipeline, List<String> keys, List<String> owners, Duration retention) {
    String ttlMillis = String.valueOf(retention.toMillis());
    Queued queued = new Queued(keys.size(), callsBySlot(keys));
    for (List<Integer> call : queued.calls) {
      List<String> k = new ArrayList<>(call.size());
      List<String> a = new ArrayList<>(call.size() + 1);
      for (int i : call) {
        k.add(keys.get(i));
        a.add(owners.get(i));
      }
      a.add(ttlMillis);
      queued.callKeys.add(k);
      queued.callArgs.add(a);
      queued.responses.add(COMPLETE.queue(pipeline, k, a));
    }
    if (waitReplicas > 0) {
      // Queued after all writes on each connection written (one key per slot routes it there),
      // so it covers them all.
      for (List<String> k : queued.callKeys) {
        queued.waits.add(pipeline.waitReplicas(k.get(0), waitReplicas, waitTimeout.toMillis()));
      }
    }
    return queued;
  }

  /** Completions queued on a pipeline, read once it was synced. */
  final class Queued {
    private final int size;
    private final List<List<Integer>> calls;
    private final List<List<String>> callKeys = new ArrayList<>();
    private final List<List<String>> callArgs = new ArrayList<>();
    private final List<Response<Object>> responses = new ArrayList<>();
    private final List<Response<Long>> waits = new ArrayList<>();

    private Queued(int size, List<List<Integer>> calls) {
      this.size = size;
      this.calls = calls;
    }

    /** One owner check per key, in order; runs a call the server refused (NOSCRIPT) again. */
    List<Boolean> results() {
      for (Response<Long> wait : waits) {
        checkReplicas(wait.get());
      }
      Boolean[] done = new Boolean[size];
      for (int c = 0; c < calls.size(); c++) {
        Object reply;
        if (LuaScript.refused(responses.get(c))) {
          // Runs after the pipeline's WAIT, so it needs a WAIT of its own.
          reply = COMPLETE.evalSource(jedis, callKeys.get(c), callArgs.get(c));
          if (waitReplicas > 0) {
            checkReplicas(
                jedis.waitReplicas(callKeys.get(c).get(0), waitReplicas, waitTimeout.toMillis()));
          }
        } else {
          reply = responses.get(c).get();
        }
        List<?> flags = (List<?>) reply;
        List<Integer> call = calls.get(c);
        for (int j = 0; j < call.size(); j++) {
          done[call.get(j)] = Long.valueOf(1L).equals(flags.get(j));
        }
      }
      return List.of(done);
    }
  }

  /** Indexes of {@code keys} grouped into script calls: one slot each, at most 512 keys each. */
  private List<List<Integer>> callsBySlot(List<String> keys) {
    List<List<Integer>> calls = new ArrayList<>();
    Map<Integer, List<Integer>> filling = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      int slot = jedis instanceof JedisCluster ? JedisClusterCRC16.getSlot(keys.get(i)) : 0;
      List<Integer> call = filling.get(slot);
      if (call == null || call.size() == MAX_KEYS_PER_SCRIPT) {
        call = new ArrayList<>();
        filling.put(slot, call);
        calls.add(call);
      }
      call.add(i);
    }
    return calls;
  }

  private void checkReplicas(long acked) {
    if (acked < waitReplicas) {
      LOG.warn(
          "DONE records reached {} of {} replicas within {}; a failover now could forget"
              + " them and let a redelivered message be processed again",
          acked,
          waitReplicas,
          waitTimeout);
    }
  }
}
